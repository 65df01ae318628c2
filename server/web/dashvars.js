/*
 * dashvars.js — the dashboard's variables: the bar of pickers (lists with
 * search, multi-value and All; text boxes), and their values resolved by
 * cairn (/api/dashboards/uid/<uid>/variables: options from Prometheus,
 * dependsOn for chained variables).  cairn.dashVars(D) is called once by
 * dashboard.js with the page's shared state and helpers.
 */
'use strict';

cairn.dashVars = (D) => {
  const { el, getJSON } = cairn;
  const { S, $ } = D;

  function shownVar(d) {
    return d.hide !== 2 && d.type !== 'constant' && !(d.type === 'datasource' && d.options.length <= 1) && d.type !== 'adhoc';
  }

  function varText(d) {
    const vals = S.vars.get(d.name) || [];
    if (vals.includes('$__all')) return 'All';
    return vals.length ? vals.join(' + ') : 'None';
  }

  function drawVars() {
    const bar = $('varbar');
    const items = S.defs.filter(shownVar).map((d) => (d.type === 'textbox' ? textVar(d) : dropVar(d)));
    bar.replaceChildren(...items);
    bar.hidden = items.length === 0;
  }

  function textVar(d) {
    const id = 'var-' + d.name;
    const input = el('input', { id, class: 'var-text', value: (S.vars.get(d.name) || [''])[0] });
    input.addEventListener('change', () => setVar(d.name, [input.value]));
    return el('div', { class: 'var' }, d.hide === 1 ? null : el('label', { for: id, class: 'var-label', text: d.label }), input);
  }

  function dropVar(d) {
    const btn = el('button', { type: 'button', class: 'var-button', 'aria-haspopup': 'listbox', 'aria-expanded': 'false',
      'data-var': d.name, 'aria-label': d.label + ': ' + varText(d), text: varText(d) });
    const pop = el('div', { class: 'popup var-popup', hidden: true });
    btn.addEventListener('click', () => {
      if (D.popupIs(pop)) { D.closePopup(true); return; }
      openVarPopup(d, btn, pop);
    });
    return el('div', { class: 'var' }, d.hide === 1 ? null : el('span', { class: 'var-label', text: d.label }), btn, pop);
  }

  function openVarPopup(d, btn, pop) {
    const start = S.vars.get(d.name) || [];
    let chosen = start.includes('$__all') ? ['$__all'] : [...start];
    const search = el('input', { type: 'search', class: 'var-search', placeholder: 'Search', 'aria-label': 'Search values of ' + d.label, autocomplete: 'off' });
    const list = el('ul', { class: 'var-options', role: 'listbox', 'aria-multiselectable': d.multi ? 'true' : 'false', 'aria-label': d.label });
    const opts = (d.includeAll ? [['$__all', 'All']] : []).concat(d.options.map((o) => [o, o]));
    const pick = (val) => {
      if (!d.multi) { chosen = [val]; D.closePopup(true); return; }
      if (val === '$__all') chosen = ['$__all'];
      else {
        chosen = chosen.filter((c) => c !== '$__all');
        chosen = chosen.includes(val) ? chosen.filter((c) => c !== val) : chosen.concat([val]);
        if (!chosen.length) chosen = d.includeAll ? ['$__all'] : [val];
      }
      draw();
    };
    const draw = () => {
      const words = search.value.toLowerCase();
      list.replaceChildren(...opts.filter(([, label]) => label.toLowerCase().includes(words)).map(([val, label]) => {
        const on = chosen.includes(val);
        return el('li', { role: 'option', 'aria-selected': on ? 'true' : 'false' },
          el('button', { type: 'button', class: 'var-option' + (on ? ' on' : ''), 'data-value': val,
            onclick: () => pick(val) },
          d.multi ? el('span', { class: 'check', 'aria-hidden': 'true', text: on ? '☑' : '☐' }) : null,
          el('span', { text: label })));
      }));
    };
    search.addEventListener('input', draw);
    search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { const first = list.querySelector('button'); if (first) first.click(); e.preventDefault(); }
      if (e.key === 'ArrowDown') { const first = list.querySelector('button'); if (first) first.focus(); e.preventDefault(); }
    });
    list.addEventListener('keydown', (e) => {
      const bs = [...list.querySelectorAll('button')];
      const i = bs.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && i >= 0 && i + 1 < bs.length) { bs[i + 1].focus(); e.preventDefault(); }
      if (e.key === 'ArrowUp') { (i > 0 ? bs[i - 1] : search).focus(); e.preventDefault(); }
    });
    pop.replaceChildren(search, list);
    draw();
    D.openPopup(pop, btn, () => {
      const same = chosen.length === start.length && chosen.every((c, i) => c === start[i]);
      if (!same) setVar(d.name, chosen);
    });
    search.focus();
  }

  /* The variables that depend on name, directly or through others. */
  function dependents(name) {
    const out = new Set([name]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const d of S.defs) if (!out.has(d.name) && d.dependsOn.some((x) => out.has(x))) { out.add(d.name); grew = true; }
    }
    out.delete(name);
    return out;
  }

  async function setVar(name, vals) {
    S.vars.set(name, vals);
    try {
      await loadVars(dependents(name));
      $('dash-error').hidden = true;
    } catch (e) {
      $('dash-error').hidden = false;
      $('dash-error').textContent = 'Could not resolve the variables: ' + e.message;
    }
    D.changed();
  }

  /* Asks for the variables with the current values; a variable in `check`
   * whose value is no longer among its options (its parent changed) takes
   * its first option, or All, as Grafana does, and the others are asked
   * again with it. */
  async function loadVars(check) {
    for (let round = 0; round <= S.defs.length + 1; round++) {
      const q = new URLSearchParams();
      q.set('from', S.from);
      q.set('to', S.to);
      D.varParams(q);
      const r = await getJSON('/api/dashboards/uid/' + encodeURIComponent(S.uid) + '/variables?' + q);
      S.defs = r.variables || [];
      let again = false;
      for (const d of S.defs) {
        const cur = S.vars.get(d.name);
        if (d.type === 'constant') { S.vars.delete(d.name); continue; }
        if (!cur || !cur.length) { S.vars.set(d.name, d.all ? ['$__all'] : d.current); continue; }
        if (check && check.has(d.name) && !cur.includes('$__all') && d.type === 'query' &&
            !cur.every((c) => d.options.includes(c))) {
          S.vars.set(d.name, d.options.length ? [d.options[0]] : []);
          check.delete(d.name);
          again = true;
        }
      }
      if (!again) break;
    }
    drawVars();
  }

  return { drawVars, loadVars };
};
