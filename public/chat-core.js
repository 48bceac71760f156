// The chat both the page (/) and the embedded widget (/embed.js) run: a Direct Line token from the
// assistant (the secret never reaches the browser), the official Web Chat in French, and what makes
// it reliable: the conversation survives a reload of the tab (its id, token and watermark are kept
// in sessionStorage, and the conversation is resumed with GET /v3/directline/conversations/{id}),
// the history comes back, "Nouvelle conversation" starts over, and an expired conversation is said
// so in plain words. The "Facile à lire" switch adds channelData.easyRead to every message sent.
(function () {
  'use strict';

  var BLUE = '#0c419a';
  var STATUS = { online: 2, expiredToken: 3, failed: 4, ended: 5 };

  var STYLE_OPTIONS = {
    accent: BLUE,
    primaryFont: 'system-ui, "Segoe UI", Roboto, Arial, sans-serif',
    backgroundColor: '#ffffff',
    subtle: '#4d4d4d',
    timestampColor: '#4d4d4d',
    bubbleBackground: '#f2f5fa',
    bubbleBorderColor: '#d0d9e8',
    bubbleBorderRadius: 8,
    bubbleTextColor: '#1a1a1a',
    bubbleFromUserBackground: BLUE,
    bubbleFromUserBorderColor: BLUE,
    bubbleFromUserBorderRadius: 8,
    bubbleFromUserTextColor: '#ffffff',
    botAvatarInitials: 'AM',
    botAvatarBackgroundColor: BLUE,
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: BLUE,
    suggestedActionBorderRadius: 16,
    suggestedActionTextColor: BLUE,
    sendBoxButtonColor: BLUE,
    sendBoxButtonColorOnHover: '#082d6b',
    hideUploadButton: true,
  };

  var MESSAGES = {
    connecting: "Connexion à l'assistant…",
    unavailable: "L'assistant est momentanément indisponible. Merci de réessayer dans quelques instants.",
    tooMany: 'Trop de conversations ont été ouvertes depuis cet appareil. Merci de réessayer dans une minute.',
    refusedSite: "Ce site n'est pas autorisé à afficher l'assistant de l'Assurance Maladie. Vous pouvez le retrouver sur ameli.fr.",
    // No figure in these two: a tab closed or asleep stops refreshing its token, which may then
    // expire before the idle time has passed; the conversation is lost all the same.
    expiredOnReload: 'Votre conversation précédente a expiré : elle est restée trop longtemps sans activité. ' +
      'Pour protéger vos données, une nouvelle conversation commence.',
    expiredNow: 'Cette conversation a expiré après une longue période sans activité, pour protéger vos données. ' +
      'Cliquez sur « Nouvelle conversation » pour recommencer.',
    lost: 'La connexion à l’assistant a été perdue. Cliquez sur « Nouvelle conversation » pour recommencer, ou rechargez la page.',
    restarted: 'Nouvelle conversation commencée.',
    easyReadOn: 'Les prochaines réponses seront en facile à lire.',
    easyReadOff: 'Les prochaines réponses seront rédigées comme d’habitude.',
  };

  function ChatError(code) {
    this.code = code;
  }

  function memoryStorage() {
    var items = {};
    return {
      getItem: function (k) { return Object.prototype.hasOwnProperty.call(items, k) ? items[k] : null; },
      setItem: function (k, v) { items[k] = String(v); },
      removeItem: function (k) { delete items[k]; },
    };
  }

  function sessionStore() {
    try {
      window.sessionStorage.setItem('ameli-assistant:probe', '1');
      window.sessionStorage.removeItem('ameli-assistant:probe');
      return window.sessionStorage;
    } catch {
      // Storage refused (private mode, blocked third-party storage): the chat works, a reload starts over.
      return memoryStorage();
    }
  }

  /**
   * options: base (absolute URL of the assistant, ending with "/"), container and status
   * (elements), easyRead (a checkbox, optional), storageKey, nonce (optional, for the host's CSP).
   */
  function create(options) {
    var storage = sessionStore();
    var key = options.storageKey || 'ameli-assistant';
    var current = null;

    function say(text) {
      options.status.textContent = text || '';
    }
    function load() {
      try {
        var saved = JSON.parse(storage.getItem(key) || 'null');
        return saved && typeof saved.conversationId === 'string' && typeof saved.token === 'string' ? saved : null;
      } catch {
        return null;
      }
    }
    function save(session) {
      storage.setItem(key, JSON.stringify(session));
    }
    function forget() {
      storage.removeItem(key);
    }

    if (options.easyRead) {
      options.easyRead.checked = storage.getItem(key + ':easyRead') === '1';
      options.easyRead.addEventListener('change', function () {
        storage.setItem(key + ':easyRead', options.easyRead.checked ? '1' : '0');
        say(options.easyRead.checked ? MESSAGES.easyReadOn : MESSAGES.easyReadOff);
      });
    }
    function easyRead() {
      return Boolean(options.easyRead && options.easyRead.checked);
    }

    function conversationUrl(id) {
      return options.base + 'v3/directline/conversations/' + encodeURIComponent(id);
    }

    /** A fresh token for the kept conversation; null when it has expired (403: token, 404: conversation). */
    function resume(saved) {
      var url = conversationUrl(saved.conversationId) + '?watermark=' + encodeURIComponent(saved.watermark || '0');
      return fetch(url, { headers: { Authorization: 'Bearer ' + saved.token }, cache: 'no-store' }).then(function (response) {
        if (response.status === 403 || response.status === 404) return null;
        if (!response.ok) throw new Error('resume failed: ' + response.status);
        return response.json().then(function (grant) {
          return { conversationId: saved.conversationId, token: grant.token, watermark: saved.watermark || '0' };
        });
      });
    }

    function newToken() {
      return fetch(options.base + 'api/webchat/token', { method: 'POST', headers: { Accept: 'application/json' }, cache: 'no-store' }).then(function (response) {
        if (response.status === 429) throw new ChatError('tooMany');
        if (response.status === 403) throw new ChatError('refusedSite');
        if (!response.ok) throw new Error('token request failed: ' + response.status);
        return response.json().then(function (grant) {
          return { token: grant.token };
        });
      });
    }

    /** Every message the person sends carries the "Facile à lire" switch. */
    function easyReadMiddleware() {
      return function (next) {
        return function (action) {
          var activity = action && action.payload && action.payload.activity;
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY' && activity && activity.type === 'message') {
            var channelData = Object.assign({}, activity.channelData, { easyRead: easyRead() });
            action = Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: Object.assign({}, activity, { channelData: channelData }) }) });
          }
          return next(action);
        };
      };
    }

    function persist() {
      var dl = current && current.directLine;
      if (dl && dl.conversationId && dl.token) save({ conversationId: dl.conversationId, token: dl.token, watermark: dl.watermark || '0' });
    }

    /** The connection ended: an expired conversation is said so, anything else is a lost connection. */
    function ended(directLine) {
      if (!current || current.directLine !== directLine) return;
      var id = directLine.conversationId;
      var check = id ? fetch(conversationUrl(id), { headers: { Authorization: 'Bearer ' + directLine.token }, cache: 'no-store' }) : Promise.reject(new Error('no conversation'));
      check.then(
        function (response) {
          if (response.status === 403 || response.status === 404) {
            forget();
            say(MESSAGES.expiredNow);
          } else say(MESSAGES.lost);
        },
        function () {
          say(MESSAGES.lost);
        },
      );
    }

    function stop() {
      if (!current) return;
      current.subscriptions.forEach(function (s) { s.unsubscribe(); });
      clearInterval(current.timer);
      try {
        current.directLine.end();
      } catch {
        // Already ended.
      }
      current = null;
    }

    function render(session) {
      var host = document.createElement('div');
      host.className = 'ameli-chat-host';
      options.container.replaceChildren(host);
      var settings = { token: session.token, domain: options.base + 'v3/directline', webSocket: true };
      if (session.conversationId) {
        // From the first activity: the history of the conversation is shown again after a reload.
        settings.conversationId = session.conversationId;
        settings.watermark = '0';
      }
      var directLine = window.WebChat.createDirectLine(settings);
      var store = window.WebChat.createStore({}, easyReadMiddleware);
      var props = { directLine: directLine, store: store, locale: 'fr-FR', styleOptions: STYLE_OPTIONS };
      if (options.nonce) props.nonce = options.nonce;
      window.WebChat.renderWebChat(props, host);
      current = { directLine: directLine, subscriptions: [], timer: setInterval(persist, 30000) };
      current.subscriptions.push(
        directLine.connectionStatus$.subscribe(function (status) {
          if (status === STATUS.online) {
            persist();
            if (options.status.textContent === MESSAGES.connecting) say('');
          } else if (status === STATUS.expiredToken || status === STATUS.failed || status === STATUS.ended) {
            ended(directLine);
          }
        }),
        // Each activity moves the watermark, and a refreshed token replaces the old one.
        directLine.activity$.subscribe(function () {
          setTimeout(persist, 0);
        }),
      );
    }

    function fail(error) {
      say(error instanceof ChatError ? MESSAGES[error.code] : MESSAGES.unavailable);
    }

    function start(fresh) {
      stop();
      say(MESSAGES.connecting);
      var saved = fresh ? null : load();
      var notice = fresh ? MESSAGES.restarted : '';
      var resumed = saved
        ? resume(saved).then(function (session) {
            if (!session) {
              forget();
              notice = MESSAGES.expiredOnReload;
            }
            return session;
          })
        : Promise.resolve(null);
      return resumed
        .then(function (session) {
          return session || newToken();
        })
        .then(function (session) {
          if (session.conversationId) save(session);
          else forget();
          render(session);
          if (notice) say(notice);
        })
        .catch(fail);
    }

    window.addEventListener('pagehide', persist);
    return {
      start: function () {
        return start(false);
      },
      restart: function () {
        forget();
        return start(true);
      },
    };
  }

  window.AmeliChat = { create: create, styleOptions: STYLE_OPTIONS };
})();
