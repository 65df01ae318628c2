/*
 * rect.h — a rectangle in pixels, the one geometry type every module shares.
 */
#ifndef CAIRN_RECT_H
#define CAIRN_RECT_H

struct rect { double x, y, w, h; };

#endif
