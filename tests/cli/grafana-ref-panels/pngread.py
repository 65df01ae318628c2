# pngread.py — a PNG reader in the standard library only (zlib): RGB/RGBA, 8 bits,
# not interlaced, which is what grafana-ref writes; for mkcases.py.
import zlib, struct, sys, collections
def read(path):
    d=open(path,'rb').read(); assert d[:8]==b'\x89PNG\r\n\x1a\n'
    i=8; idat=b''; 
    while i<len(d):
        ln,=struct.unpack('>I',d[i:i+4]); t=d[i+4:i+8]; c=d[i+8:i+8+ln]; i+=12+ln
        if t==b'IHDR': w,h,bd,ct,_,_,il=struct.unpack('>IIBBBBB',c)
        elif t==b'IDAT': idat+=c
    raw=zlib.decompress(idat); bpp={2:3,6:4}[ct]; stride=w*bpp
    out=[]; prev=bytearray(stride); p=0
    for y in range(h):
        f=raw[p]; p+=1; line=bytearray(raw[p:p+stride]); p+=stride
        for x in range(stride):
            a=line[x-bpp] if x>=bpp else 0; b=prev[x]; c=prev[x-bpp] if x>=bpp else 0
            if f==1: line[x]=(line[x]+a)&255
            elif f==2: line[x]=(line[x]+b)&255
            elif f==3: line[x]=(line[x]+(a+b)//2)&255
            elif f==4:
                pa=abs(b-c); pb=abs(a-c); pc=abs(a+b-2*c)
                pr=a if pa<=pb and pa<=pc else (b if pb<=pc else c)
                line[x]=(line[x]+pr)&255
        out.append([tuple(line[x*bpp:x*bpp+3]) for x in range(w)]); prev=line
    return w,h,out
if __name__=='__main__':
    w,h,px=read(sys.argv[1])
    cnt=collections.Counter(p for row in px for p in row)
    for c,n in cnt.most_common(int(sys.argv[2]) if len(sys.argv)>2 else 8): print('#%02X%02X%02X'%c, n)
