/*
 * list.js — the dashboards list (/): every dashboard cairn serves, by
 * folder, searchable by title, tag and folder, filtered by tags.  Data from
 * /api/dashboards; every title, tag and folder set as text.
 */
'use strict';

(() => {
  const { el, getJSON, setTheme, theme } = cairn;
  const params = new URLSearchParams(location.search);
  setTheme(params.get('theme') || localStorage.getItem('cairn-theme') || 'dark');
  const search = document.getElementById('search');
  const folders = document.getElementById('folders');
  const status = document.getElementById('list-status');
  const tagBox = document.getElementById('tag-filter');
  const chosenTags = new Set(params.getAll('tag'));
  search.value = params.get('query') || '';
  let all = [];

  function keepState() {
    const p = new URLSearchParams();
    if (search.value) p.set('query', search.value);
    for (const t of chosenTags) p.append('tag', t);
    if (theme() === 'light') p.set('theme', 'light');
    const q = p.toString();
    history.replaceState(null, '', location.pathname + (q ? '?' + q : ''));
  }

  function matches(d, words) {
    for (const t of chosenTags) if (!(d.tags || []).includes(t)) return false;
    const hay = (d.title + ' ' + (d.folder || '') + ' ' + (d.tags || []).join(' ')).toLowerCase();
    return words.every((w) => hay.includes(w));
  }

  function dashHref(d) {
    const p = theme() === 'light' ? '?theme=light' : '';
    return '/d/' + encodeURIComponent(d.uid) + '/' + encodeURIComponent(slug(d.title)) + p;
  }

  function slug(t) {
    return String(t || '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  }

  function tagButton(t, inRow) {
    return el('button', {
      type: 'button', class: 'tag' + (chosenTags.has(t) ? ' on' : ''), text: t,
      'aria-pressed': chosenTags.has(t) ? 'true' : 'false',
      'aria-label': (inRow ? 'Filter by tag ' : 'Tag ') + t,
      onclick: () => { chosenTags.has(t) ? chosenTags.delete(t) : chosenTags.add(t); draw(); },
    });
  }

  function drawTags() {
    const tags = [...new Set(all.flatMap((d) => d.tags || []))].sort();
    tagBox.replaceChildren(...tags.map((t) => tagButton(t, true)));
  }

  function draw() {
    keepState();
    drawTags();
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = all.filter((d) => matches(d, words));
    const byFolder = new Map();
    for (const d of shown) {
      const f = d.folder || 'General';
      if (!byFolder.has(f)) byFolder.set(f, []);
      byFolder.get(f).push(d);
    }
    const sections = [];
    for (const [f, ds] of [...byFolder].sort((a, b) => a[0].localeCompare(b[0]))) {
      const items = ds.map((d) => el('li', { class: 'dash-item' },
        el('a', { href: dashHref(d), class: 'dash-link', text: d.title || d.uid }),
        el('span', { class: 'dash-meta', text: d.panels + (d.panels === 1 ? ' panel' : ' panels') }),
        el('span', { class: 'tags' }, ...(d.tags || []).map((t) => tagButton(t, false)))));
      sections.push(el('section', { class: 'folder' },
        el('h2', { class: 'folder-name', text: f }), el('ul', { class: 'dash-list' }, ...items)));
    }
    folders.replaceChildren(...sections);
    status.textContent = shown.length + ' of ' + all.length + ' dashboards';
  }

  search.addEventListener('input', draw);
  document.getElementById('theme-toggle').addEventListener('click', () => {
    setTheme(theme() === 'dark' ? 'light' : 'dark');
    localStorage.setItem('cairn-theme', theme());
    draw();
  });
  getJSON('/api/dashboards').then((list) => { all = list || []; draw(); })
    .catch((e) => { status.textContent = 'Could not load the dashboards: ' + e.message; });
})();
