/*
 * Console conseiller: search-as-you-type over the assistant's answers; the handoff requests and
 * the live exchange are in handoffs.js. The agent key stays in sessionStorage (this tab only) and
 * goes in the Authorization header, never in a URL. Every text is inserted with textContent:
 * nothing from the server is parsed as HTML.
 */
(() => {
  'use strict';

  const KEY_STORAGE = 'agentApiKey';
  const DEBOUNCE_MS = 120;

  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (name === 'text') node.textContent = value;
      else if (name === 'className') node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  };

  const state = {
    key: sessionStorage.getItem(KEY_STORAGE),
    entries: new Map(),
    topics: [],
    topic: '',
    timer: 0,
    controller: null,
  };
  const handoffs = () => window.AgentHandoffs;

  class Unauthorized extends Error {}
  class TooManyAttempts extends Error {
    constructor(retryAfterSeconds) {
      super('too many attempts');
      this.minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    }
  }

  async function api(path, options = {}) {
    const headers = { Authorization: `Bearer ${state.key}` };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`/api/agent${path}`, { ...options, headers, cache: 'no-store' });
    if (response.status === 401) throw new Unauthorized();
    if (response.status === 429) throw new TooManyAttempts(Number(response.headers.get('Retry-After')) || 60);
    return response;
  }

  async function apiJson(path, options) {
    const response = await api(path, options);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  }

  // ---- connection ------------------------------------------------------------------------------

  async function connect() {
    try {
      const [topics, entries] = await Promise.all([apiJson('/topics'), apiJson('/entries')]);
      state.topics = topics.topics;
      state.entries = new Map(entries.entries.map((e) => [e.id, e]));
      sessionStorage.setItem(KEY_STORAGE, state.key);
      showConsole();
      return true;
    } catch (error) {
      if (error instanceof Unauthorized) {
        disconnect('Clé refusée. Vérifiez la clé et réessayez.');
        return false;
      }
      if (error instanceof TooManyAttempts) {
        disconnect(`Trop d'essais avec une clé erronée depuis ce poste. Réessayez dans ${error.minutes} minute${error.minutes > 1 ? 's' : ''}.`);
        return false;
      }
      disconnect('Le service ne répond pas. Réessayez dans un instant.');
      return false;
    }
  }

  function disconnect(message) {
    sessionStorage.removeItem(KEY_STORAGE);
    handoffs().stop();
    state.key = null;
    $('console').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    $('results').replaceChildren();
    $('login-error').textContent = message || '';
    $('api-key').value = '';
    $('api-key').focus();
  }

  function showConsole() {
    $('login').hidden = true;
    $('login-error').textContent = '';
    $('console').hidden = false;
    $('logout').hidden = false;
    renderTopics();
    setSearchStatus();
    handoffs().start();
    $('q').focus();
  }

  function onAuthError(error) {
    if (error instanceof Unauthorized) disconnect('Votre clé a été refusée. Connectez-vous à nouveau.');
    return error instanceof Unauthorized;
  }

  // ---- search ----------------------------------------------------------------------------------

  function renderTopics() {
    const options = [{ id: '', label: 'Tous les thèmes', count: state.entries.size }, ...state.topics];
    $('topic-options').replaceChildren(
      ...options.map((t) => {
        const input = el('input', { type: 'radio', name: 'topic', value: t.id });
        input.checked = t.id === state.topic;
        input.addEventListener('change', () => {
          state.topic = t.id;
          void runSearch();
        });
        return el('label', {}, [input, document.createTextNode(`${t.label} (${t.count})`)]);
      }),
    );
  }

  function setSearchStatus(text) {
    $('search-status').textContent = text ?? 'Tapez quelques lettres : « md » (mot de passe), « 36 » (téléphone), « esp » (Mon espace santé)…';
  }

  function scheduleSearch() {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void runSearch(), DEBOUNCE_MS);
  }

  async function runSearch() {
    clearTimeout(state.timer);
    const q = $('q').value.trim();
    if (state.controller) state.controller.abort();
    if (!q) {
      // No query: a chosen topic lists its entries, most asked first.
      if (state.topic) {
        const entries = [...state.entries.values()].filter((e) => e.topic === state.topic);
        renderResults(entries.map((e) => ({ id: e.id, title: e.title, answer: e.answer, steps: e.steps })));
        setSearchStatus(`${entries.length} réponses dans ce thème.`);
      } else {
        renderResults([]);
        setSearchStatus();
      }
      return;
    }
    const controller = new AbortController();
    state.controller = controller;
    const params = new URLSearchParams({ q, limit: '8' });
    if (state.topic) params.set('topic', state.topic);
    try {
      const response = await api(`/search?${params}`, { signal: controller.signal });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { results } = await response.json();
      if (controller.signal.aborted) return;
      renderResults(results);
      setSearchStatus(results.length === 0 ? `Aucune réponse pour « ${q} ». Essayez un autre mot.` : `${results.length} réponse${results.length > 1 ? 's' : ''} pour « ${q} ».`);
    } catch (error) {
      if (error.name === 'AbortError' || onAuthError(error)) return;
      setSearchStatus('La recherche ne répond pas. Réessayez.');
    }
  }

  function renderResults(results) {
    $('results').replaceChildren(...results.map((r) => renderResult(r, state.entries.get(r.id))));
  }

  /** Text with the given figures wrapped in <mark>. */
  function highlighted(text, figures) {
    const wanted = (figures || []).filter((f) => f && text.includes(f)).sort((a, b) => b.length - a.length);
    if (wanted.length === 0) return [document.createTextNode(text)];
    const pattern = new RegExp(wanted.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    const nodes = [];
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
      nodes.push(el('mark', { text: match[0] }));
      last = match.index + match[0].length;
    }
    if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
    return nodes;
  }

  function renderResult(result, entry) {
    const headingId = `result-${result.id}`;
    const figures = entry ? entry.figures : [];
    const topic = state.topics.find((t) => entry && t.id === entry.topic);
    const article = el('article', { 'aria-labelledby': headingId }, [
      el('h3', { id: headingId, tabindex: '-1', text: result.title }),
      topic ? el('p', { className: 'topic', text: topic.label }) : null,
      el(
        'div',
        { className: 'answer' },
        result.answer.split('\n').map((line) => el('p', {}, highlighted(line, figures))),
      ),
    ]);
    const match = renderMatch(result.match, figures);
    if (match) article.insertBefore(match, article.querySelector('.answer'));
    const keyFacts = entry ? entry.facts.filter((f) => f.isKey) : [];
    if (keyFacts.length > 0) {
      article.append(
        el('h4', { className: 'visually-hidden', text: 'Chiffres clés' }),
        el('dl', { className: 'facts' }, keyFacts.flatMap((f) => [el('dt', { text: f.label }), el('dd', {}, [el('mark', { text: f.text })])])),
      );
    }
    if (result.steps && result.steps.length > 0) {
      article.append(el('h4', { text: "À lire à l'appelant" }), el('ol', { className: 'steps' }, result.steps.map((s) => el('li', {}, highlighted(s, figures)))));
    }
    const faq = entry && entry.faq ? entry.faq : [];
    if (faq.length > 0) {
      article.append(
        el('details', { className: 'faq' }, [
          el('summary', { text: `Questions précises (${faq.length})` }),
          el('dl', {}, faq.flatMap((f) => [el('dt', { text: f.question }), el('dd', {}, highlighted(f.answer, figures))])),
        ]),
      );
    }
    const sources = entry ? entry.sources : (result.sources || []).map((s) => ({ ...s, title: s.file }));
    if (sources.length > 0) {
      article.append(
        el('details', { className: 'sources' }, [
          el('summary', { text: `Sources (${sources.length})` }),
          ...sources.flatMap((s) => [el('blockquote', { text: s.passage }), el('p', { className: 'cite', text: `${s.title} — ${s.file}` })]),
        ]),
      );
    }
    const copy = el('button', { type: 'button', className: 'secondary copy', 'aria-describedby': headingId, text: 'Copier la réponse' });
    copy.addEventListener('click', () => void copyAnswer(result, sources[0]));
    article.append(el('div', { className: 'actions' }, [copy]));
    return el('li', { className: 'result' }, [article]);
  }

  /**
   * What in the result answers the query precisely: the closest question (an FAQ item's, with its
   * answer) or the source passage that matched, quoted as plain text with its document's title.
   */
  function renderMatch(match, figures) {
    if (!match || (!match.question && !match.passage)) return null;
    const box = el('div', { className: 'match' });
    if (match.question) box.append(el('p', { className: 'match-question' }, [el('span', { className: 'label', text: 'Question la plus proche : ' }), document.createTextNode(`« ${match.question} »`)]));
    if (match.answer) box.append(el('p', { className: 'match-answer' }, highlighted(match.answer, figures)));
    if (match.passage) {
      box.append(
        el('blockquote', { className: 'match-passage' }, highlighted(match.passage.passage, figures)),
        el('p', { className: 'cite', text: `${match.passage.title} — ${match.passage.file}` }),
      );
    }
    return box;
  }

  async function copyAnswer(result, source) {
    const precise = result.match && result.match.answer ? [result.match.answer, ''] : [];
    const parts = [result.title, '', ...precise, result.answer];
    if (result.steps && result.steps.length > 0) parts.push('', 'Étapes :', ...result.steps.map((s, i) => `${i + 1}. ${s}`));
    if (source) parts.push('', `Source : ${source.title}`);
    const text = parts.join('\n');
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Older browsers, or clipboard permission refused: copy through a hidden text area.
      const area = el('textarea', { 'aria-hidden': 'true', className: 'visually-hidden' });
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setSearchStatus(`Réponse « ${result.title} » copiée.`);
  }

  function onSearchKeydown(event) {
    if (event.key === 'Escape') {
      $('q').value = '';
      void runSearch();
    } else if (event.key === 'ArrowDown') {
      const first = $('results').querySelector('h3');
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void runSearch();
    }
  }

  function onResultsKeydown(event) {
    if (event.target.tagName !== 'H3' || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
    const headings = [...$('results').querySelectorAll('h3')];
    const index = headings.indexOf(event.target);
    event.preventDefault();
    if (event.key === 'ArrowDown' && index < headings.length - 1) headings[index + 1].focus();
    else if (event.key === 'ArrowUp') (index > 0 ? headings[index - 1] : $('q')).focus();
  }

  // ---- wiring ----------------------------------------------------------------------------------

  // What handoffs.js uses: the same key, requests and error handling as the search.
  window.AgentConsole = { $, el, api, apiJson, onAuthError, key: () => state.key };

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const key = $('api-key').value.trim();
      if (!key) {
        $('login-error').textContent = 'Saisissez votre clé d’accès.';
        return;
      }
      state.key = key;
      void connect();
    });
    $('logout').addEventListener('click', () => {
      handoffs().leave();
      disconnect('Vous êtes déconnecté.');
    });
    $('search-form').addEventListener('submit', (event) => event.preventDefault());
    $('q').addEventListener('input', scheduleSearch);
    $('q').addEventListener('keydown', onSearchKeydown);
    $('results').addEventListener('keydown', onResultsKeydown);
    handoffs().wire();

    if (state.key) void connect();
    else $('api-key').focus();
  });
})();
