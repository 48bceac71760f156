// The page's script: the chat (chat-core.js) in the page, the "Nouvelle conversation" button, the
// "Facile à lire" switch, and the safety rule shown open where the screen has room for it.
(function () {
  'use strict';

  var $ = function (id) {
    return document.getElementById(id);
  };
  var chat = window.AmeliChat.create({
    base: new URL('.', document.baseURI).href,
    container: $('webchat'),
    status: $('status'),
    easyRead: $('easy-read'),
    storageKey: 'ameli-assistant',
  });
  $('new-conversation').addEventListener('click', function () {
    chat.restart();
  });
  // On a phone the rule stays one line (its summary) until opened: the conversation keeps the room.
  if (window.matchMedia('(min-width: 48rem)').matches) $('safety').open = true;
  chat.start();
})();
