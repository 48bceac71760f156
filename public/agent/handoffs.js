/*
 * Console conseiller, the handoff requests: the queue (subjects in words, live or callback), one
 * request with its masked transcript and, for a callback, the contact the person left; taking a
 * request; the live exchange (the person's messages arrive at once on an event stream, the
 * advisor's go straight into the person's conversation); and the heartbeat that makes the advisor
 * "online" while this console is open and logged in. Uses agent.js's AgentConsole.
 */
(() => {
  'use strict';

  const C = () => window.AgentConsole;
  const NAME_STORAGE = 'agentName';
  const TITLE_STORAGE = 'agentTitle';
  const SESSION_STORAGE = 'agentSession';
  const QUEUE_REFRESH_MS = 5000;
  const HEARTBEAT_MS = 20000;
  const REASONS = {
    user_asked: "Demande de l'usager",
    repeated_failures: 'Échecs répétés',
    not_understood: 'Demande non comprise',
  };
  const STATUSES = { waiting: 'En attente', taken: 'Prise en charge', closed: 'Clôturée' };
  const MODES = { live: 'En direct', callback: 'Rappel' };
  const WHO = { user: 'Usager : ', bot: 'Assistant : ', agent: 'Vous : ' };

  const state = { queueTimer: 0, beatTimer: 0, queueCount: -1, detail: null, opener: null, stream: null, next: 0 };
  const $ = (id) => C().$(id);
  const el = (...args) => C().el(...args);
  const when = (iso) => new Date(iso).toLocaleString('fr-FR', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' });

  // ---- presence --------------------------------------------------------------------------------

  function sessionId() {
    let id = sessionStorage.getItem(SESSION_STORAGE);
    if (!id) {
      id = `console-${crypto.randomUUID()}`;
      sessionStorage.setItem(SESSION_STORAGE, id);
    }
    return id;
  }

  async function beat() {
    try {
      const presence = await C().apiJson('/presence', { method: 'POST', body: JSON.stringify({ sessionId: sessionId(), agent: $('agent-name').value.trim() }) });
      $('presence-status').textContent = presence.live
        ? 'Vous êtes en ligne : une personne qui demande un conseiller peut vous écrire ici, en direct.'
        : presence.open
          ? 'Vous êtes en ligne.'
          : 'Hors des horaires de réponse en direct : les demandes arrivent comme des rappels.';
    } catch (error) {
      if (!C().onAuthError(error)) $('presence-status').textContent = 'Votre présence ne peut pas être signalée : les demandes arrivent comme des rappels.';
    }
  }

  /** Logout or tab closed: offline at once (keepalive lets the request outlive the page). */
  function leave() {
    const key = C().key();
    if (!key) return;
    void fetch(`/api/agent/presence/${encodeURIComponent(sessionId())}`, { method: 'DELETE', headers: { Authorization: `Bearer ${key}` }, keepalive: true }).catch(() => undefined);
  }

  // ---- queue -----------------------------------------------------------------------------------

  async function refreshQueue() {
    const status = $('queue-filter').value;
    try {
      const { handoffs } = await C().apiJson(`/handoffs${status ? `?status=${encodeURIComponent(status)}` : ''}`);
      renderQueue(handoffs);
      const count = handoffs.length;
      if (count !== state.queueCount) {
        const label = status === 'waiting' ? 'en attente' : status === 'taken' ? 'prise(s) en charge' : 'au total';
        $('queue-status').textContent = count === 0 ? 'Aucune demande à afficher.' : `${count} demande${count > 1 ? 's' : ''} ${label}.`;
        state.queueCount = count;
      }
    } catch (error) {
      if (!C().onAuthError(error)) $('queue-status').textContent = 'La file des demandes ne répond pas.';
    }
  }

  function statusText(h) {
    return h.status === 'taken' && h.takenBy ? `${STATUSES.taken} (${h.takenBy})` : STATUSES[h.status] || h.status;
  }

  function renderQueue(handoffs) {
    $('queue-body').replaceChildren(
      ...handoffs.map((h) => {
        const open = el('button', { type: 'button', className: 'secondary', 'aria-label': `Ouvrir la demande reçue le ${when(h.createdAt)}, ${h.subject}`, text: 'Ouvrir' });
        open.addEventListener('click', () => void openHandoff(h.id, open));
        const row = el('tr', { 'data-id': h.id }, [
          el('td', { text: when(h.createdAt) }),
          el('td', { text: h.subject }),
          el('td', {}, [el('span', { className: `mode ${h.mode}`, text: MODES[h.mode] || h.mode })]),
          el('td', { text: statusText(h) }),
          el('td', {}, [open]),
        ]);
        if (state.detail && state.detail.id === h.id) row.className = 'selected';
        return row;
      }),
    );
  }

  // ---- one request -----------------------------------------------------------------------------

  async function openHandoff(id, opener) {
    try {
      const { handoff, messages, next } = await C().apiJson(`/handoffs/${encodeURIComponent(id)}`);
      state.detail = handoff;
      state.opener = opener || state.opener;
      renderDetail(handoff, messages, next);
      for (const row of $('queue-body').querySelectorAll('tr')) row.className = row.getAttribute('data-id') === id ? 'selected' : '';
      $('handoff-detail').hidden = false;
      $('detail-title').focus();
    } catch (error) {
      if (!C().onAuthError(error)) $('queue-status').textContent = "Cette demande n'est plus disponible.";
    }
  }

  function contactNodes(contact) {
    const link = contact.kind === 'phone' ? `tel:${contact.value.replace(/[^\d+]/g, '')}` : `mailto:${contact.value}`;
    const fields = [[contact.kind === 'phone' ? 'Téléphone' : 'E-mail', el('a', { href: link, text: contact.value })]];
    if (contact.when) fields.push(['Quand', contact.when]);
    fields.push(['Accord de la personne', `donné le ${when(contact.consentAt)}`]);
    return fields;
  }

  function renderDetail(h, messages, next) {
    $('detail-title').textContent = `Demande reçue le ${when(h.createdAt)}`;
    const fields = [
      ['Sujet', h.subject],
      ['Type', h.mode === 'live' ? 'En direct : la personne attend une réponse ici' : 'Rappel : contactez la personne'],
      ['Motif', REASONS[h.reason] || h.reason],
      ['Canal', h.channel],
      ['État', h.status === 'taken' ? `${STATUSES.taken} par ${h.takenBy} le ${when(h.takenAt)}` : STATUSES[h.status] || h.status],
      ...(h.contact ? contactNodes(h.contact) : []),
    ];
    $('detail-fields').replaceChildren(...fields.flatMap(([k, v]) => [el('dt', { text: k }), typeof v === 'string' ? el('dd', { text: v }) : el('dd', {}, [v])]));
    $('transcript').replaceChildren(
      ...(h.transcript.length === 0
        ? [el('li', { text: 'Pas de conversation enregistrée.' })]
        : h.transcript.map((line) => el('li', { className: line.from }, [el('span', { className: 'who', text: line.from === 'user' ? 'Usager : ' : 'Assistant : ' }), document.createTextNode(line.text)]))),
    );
    const liveOpen = h.mode === 'live' && h.status === 'taken';
    $('take').hidden = h.status !== 'waiting';
    $('take').textContent = h.mode === 'live' ? 'Répondre en direct' : 'Marquer comme prise en charge';
    $('finish').hidden = h.status === 'closed' || (h.mode === 'live' && h.status === 'waiting');
    $('finish').textContent = liveOpen ? "Terminer l'échange" : 'Marquer comme traitée';
    $('live').hidden = !(h.mode === 'live' && h.status !== 'waiting');
    $('live-form').hidden = !liveOpen;
    $('live-messages').replaceChildren();
    appendLines(messages || []);
    state.next = next || 0;
    if (liveOpen) openStream(h.id);
    else closeStream();
  }

  function appendLines(lines) {
    for (const line of lines) {
      $('live-messages').append(el('li', { className: line.from }, [el('span', { className: 'who', text: WHO[line.from] || '' }), document.createTextNode(line.text)]));
    }
    const list = $('live-messages');
    list.scrollTop = list.scrollHeight;
  }

  // ---- live exchange ---------------------------------------------------------------------------

  /** The request's event stream, read with fetch (EventSource cannot send the key); it reconnects by itself. */
  function openStream(id) {
    if (state.stream && state.stream.id === id) return;
    closeStream();
    const controller = new AbortController();
    state.stream = { id, controller };
    const run = async () => {
      while (state.stream && state.stream.controller === controller) {
        try {
          const response = await C().api(`/handoffs/${encodeURIComponent(id)}/events?after=${state.next}`, { signal: controller.signal });
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          await readEvents(response.body.getReader(), id);
        } catch (error) {
          if (controller.signal.aborted || C().onAuthError(error)) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    };
    void run();
  }

  async function readEvents(reader, id) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer.slice(0, end).split('\n').find((l) => l.startsWith('data: '));
        buffer = buffer.slice(end + 2);
        if (data) onUpdate(JSON.parse(data.slice(6)), id);
      }
    }
  }

  function onUpdate(update, id) {
    if (!state.detail || state.detail.id !== id) return;
    appendLines(update.lines);
    state.next = update.next;
    if (update.status === 'closed' && state.detail.status !== 'closed') void openHandoff(id);
  }

  function closeStream() {
    if (state.stream) state.stream.controller.abort();
    state.stream = null;
  }

  async function sendMessage(event) {
    event.preventDefault();
    const h = state.detail;
    const text = $('live-text').value.trim();
    if (!h || !text) return;
    try {
      const response = await C().api(`/handoffs/${encodeURIComponent(h.id)}/messages`, { method: 'POST', body: JSON.stringify({ text }) });
      if (response.status === 409) {
        $('live-status').textContent = "Cet échange est terminé : votre message n'a pas été envoyé.";
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      $('live-text').value = '';
      $('live-status').textContent = 'Message envoyé.';
      $('live-text').focus();
    } catch (error) {
      if (!C().onAuthError(error)) $('live-status').textContent = "Le message n'a pas pu être envoyé à la personne. Réessayez.";
    }
  }

  // ---- take, finish, close the panel -----------------------------------------------------------

  async function takeHandoff() {
    const h = state.detail;
    if (!h) return;
    const agent = $('agent-name').value.trim();
    const title = $('agent-title').value;
    if (agent) sessionStorage.setItem(NAME_STORAGE, agent);
    sessionStorage.setItem(TITLE_STORAGE, title);
    try {
      const response = await C().api(`/handoffs/${encodeURIComponent(h.id)}/take`, { method: 'POST', body: JSON.stringify(agent ? { agent, title } : { title }) });
      let message = 'Cette demande a déjà été prise en charge par un autre conseiller.';
      if (response.ok) {
        const { handoff } = await response.json();
        await openHandoff(handoff.id);
        message =
          handoff.mode === 'live'
            ? `Demande prise en charge. La personne lit que ${handoff.agentName} lui répond : écrivez-lui ci-dessous.`
            : handoff.contact
              ? `Demande prise en charge. Rappelez la personne : ${handoff.contact.value}${handoff.contact.when ? ` (${handoff.contact.when})` : ''}.`
              : 'Demande prise en charge. La personne n’a pas laissé de contact : elle peut rappeler le 3646.';
      } else if (response.status !== 409) {
        throw new Error(`HTTP ${response.status}`);
      }
      // The list first, then the outcome: the announcement must not be replaced by the new count.
      await refreshQueue();
      $('queue-status').textContent = message;
      state.queueCount = -1;
      if (response.ok && state.detail && state.detail.mode === 'live') $('live-text').focus();
      else $('detail-title').focus();
    } catch (error) {
      if (!C().onAuthError(error)) $('queue-status').textContent = "La demande n'a pas pu être prise en charge. Réessayez.";
    }
  }

  async function finishHandoff() {
    const h = state.detail;
    if (!h) return;
    try {
      const response = await C().api(`/handoffs/${encodeURIComponent(h.id)}/close`, { method: 'POST' });
      if (!response.ok && response.status !== 409) throw new Error(`HTTP ${response.status}`);
      await openHandoff(h.id);
      await refreshQueue();
      $('queue-status').textContent = h.mode === 'live' && h.status === 'taken' ? "Échange terminé : l'assistant répond de nouveau à la personne." : 'Demande traitée.';
      state.queueCount = -1;
    } catch (error) {
      if (!C().onAuthError(error)) $('queue-status').textContent = "La demande n'a pas pu être clôturée. Réessayez.";
    }
  }

  function closeDetail() {
    closeStream();
    $('handoff-detail').hidden = true;
    state.detail = null;
    for (const row of $('queue-body').querySelectorAll('tr')) row.className = '';
    const opener = state.opener && document.body.contains(state.opener) ? state.opener : $('queue-filter');
    opener.focus();
  }

  // ---- life cycle ------------------------------------------------------------------------------

  window.AgentHandoffs = {
    start() {
      $('agent-name').value = sessionStorage.getItem(NAME_STORAGE) || '';
      $('agent-title').value = sessionStorage.getItem(TITLE_STORAGE) || 'conseillère';
      void refreshQueue();
      void beat();
      clearInterval(state.queueTimer);
      clearInterval(state.beatTimer);
      state.queueTimer = setInterval(() => void refreshQueue(), QUEUE_REFRESH_MS);
      state.beatTimer = setInterval(() => void beat(), HEARTBEAT_MS);
    },
    stop() {
      clearInterval(state.queueTimer);
      clearInterval(state.beatTimer);
      closeStream();
      state.detail = null;
      $('queue-body').replaceChildren();
      $('handoff-detail').hidden = true;
      $('presence-status').textContent = '';
    },
    leave,
    wire() {
      const resetAndRefresh = () => {
        state.queueCount = -1;
        void refreshQueue();
      };
      $('queue-filter').addEventListener('change', resetAndRefresh);
      $('queue-refresh').addEventListener('click', resetAndRefresh);
      $('take').addEventListener('click', () => void takeHandoff());
      $('finish').addEventListener('click', () => void finishHandoff());
      $('detail-close').addEventListener('click', closeDetail);
      $('live-form').addEventListener('submit', (event) => void sendMessage(event));
      $('live-text').addEventListener('keydown', (event) => {
        // Enter sends, Shift+Enter goes to a new line, as in most chats.
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          $('live-form').requestSubmit();
        }
      });
      $('handoff-detail').addEventListener('keydown', (event) => {
        if (event.key === 'Escape') closeDetail();
      });
      window.addEventListener('pagehide', leave);
    },
  };
})();
