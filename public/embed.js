// The assistant on another site, with one tag:
//   <script src="https://assistant.example.fr/embed.js" defer></script>
// It adds a launcher button; the button opens the chat in an accessible dialog (a native <dialog>:
// focus moves in and comes back to the button, Escape closes it, full screen on a phone). The site
// must be listed in WEBCHAT_ALLOWED_ORIGINS: otherwise the assistant refuses to open a conversation
// and the dialog says so. Web Chat and the chat script load on the first opening only.
(function () {
  'use strict';

  var CONFIG = /*config*/{};
  var script = document.currentScript;
  if (!script || window.__ameliAssistantEmbed) return;
  window.__ameliAssistantEmbed = true;
  var base = new URL('.', script.src).href;
  var nonce = script.nonce || script.getAttribute('nonce') || '';
  var P = 'ameli-assistant';

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (name) {
      if (name === 'text') node.textContent = props[name];
      else node.setAttribute(name, props[name]);
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = el('script', { src: src });
      if (nonce) tag.nonce = nonce;
      tag.onload = resolve;
      tag.onerror = function () {
        reject(new Error('could not load ' + src));
      };
      document.head.append(tag);
    });
  }

  document.head.append(el('link', { rel: 'stylesheet', href: base + 'embed.css' }));

  var launcher = el('button', { type: 'button', class: P + '-launcher', 'aria-haspopup': 'dialog', 'aria-controls': P + '-dialog' }, [
    el('span', { 'aria-hidden': 'true', class: P + '-launcher-icon', text: '?' }),
    el('span', { text: "Une question ? L'assistant ameli" }),
  ]);
  var title = el('h2', { id: P + '-title', tabindex: '-1', text: "Assistant de l'Assurance Maladie" });
  var easyRead = el('input', { type: 'checkbox', role: 'switch', id: P + '-easy-read' });
  var restart = el('button', { type: 'button', class: P + '-tool', text: 'Nouvelle conversation' });
  var close = el('button', { type: 'button', class: P + '-tool', 'aria-label': "Fermer l'assistant", text: 'Fermer' });
  var status = el('p', { class: P + '-status', role: 'status', 'aria-live': 'polite' });
  var chatArea = el('div', { class: P + '-chat', role: 'region', 'aria-label': "Conversation avec l'assistant" });
  var rule = el('details', { class: P + '-safety' }, [
    el('summary', { text: "Sécurité des codes et mots de passe" }),
    el('p', { text: CONFIG.safetyRule || '' }),
  ]);
  var dialog = el('dialog', { id: P + '-dialog', class: P + '-dialog', 'aria-labelledby': P + '-title' }, [
    el('div', { class: P + '-header' }, [
      title,
      el('div', { class: P + '-tools' }, [el('label', { class: P + '-switch' }, [easyRead, el('span', { text: 'Facile à lire' })]), restart, close]),
    ]),
    status,
    chatArea,
    el('div', { class: P + '-footer' }, [rule]),
  ]);

  var chat = null;
  var loading = null;
  function ensureChat() {
    if (chat) return Promise.resolve(chat);
    if (!loading) {
      status.textContent = "Connexion à l'assistant…";
      loading = (window.WebChat ? Promise.resolve() : loadScript(base + 'vendor/webchat.js'))
        .then(function () {
          return window.AmeliChat ? null : loadScript(base + 'chat-core.js');
        })
        .then(function () {
          chat = window.AmeliChat.create({ base: base, container: chatArea, status: status, easyRead: easyRead, storageKey: P + ':' + base, nonce: nonce });
          chat.start();
          return chat;
        })
        .catch(function () {
          loading = null;
          status.textContent = "L'assistant est momentanément indisponible. Merci de réessayer dans quelques instants.";
        });
    }
    return loading;
  }

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    launcher.setAttribute('aria-expanded', 'true');
    title.focus();
    void ensureChat();
  }
  launcher.addEventListener('click', open);
  close.addEventListener('click', function () {
    dialog.close();
  });
  restart.addEventListener('click', function () {
    void ensureChat().then(function (c) {
      if (c) c.restart();
    });
  });
  // Escape closes the native dialog ("cancel"); either way the focus goes back to the button.
  dialog.addEventListener('close', function () {
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  });
  launcher.setAttribute('aria-expanded', 'false');

  function mount() {
    document.body.append(launcher, dialog);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
