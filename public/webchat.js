// The page's script: fetch a Direct Line token from this server (the secret never reaches the
// browser), then render the official Web Chat in French with the Assurance Maladie's colours.
(function () {
  'use strict';

  var BLUE = '#0c419a';
  var styleOptions = {
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

  var status = document.getElementById('status');

  function fail(error) {
    if (error && error.message === 'rate limited') return;
    status.textContent = "L'assistant est momentanément indisponible. Merci de réessayer dans quelques instants.";
  }

  fetch('api/webchat/token', { method: 'POST', headers: { Accept: 'application/json' } })
    .then(function (response) {
      if (response.status === 429) {
        status.textContent = "Trop de conversations ont été ouvertes depuis cet appareil. Merci de réessayer dans une minute.";
        return Promise.reject(new Error('rate limited'));
      }
      if (!response.ok) throw new Error('token request failed: ' + response.status);
      return response.json();
    })
    .then(function (grant) {
      // No userID: the token carries the user (Web Chat cannot read it from a non-JWT token).
      var directLine = window.WebChat.createDirectLine({
        token: grant.token,
        domain: new URL('v3/directline', document.baseURI).href,
        // Replies arrive on the conversation's WebSocket stream as soon as they are written; Web
        // Chat falls back to polling by itself where a proxy refuses WebSockets.
        webSocket: true,
      });
      window.WebChat.renderWebChat(
        { directLine: directLine, locale: 'fr-FR', styleOptions: styleOptions, role: 'region' },
        document.getElementById('webchat'),
      );
      status.textContent = '';
    })
    .catch(fail);
})();
