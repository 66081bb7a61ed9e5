'use strict';

// Starts Web Chat against the bot's own Direct Line (local use) or Azure's (when the bot has a channel secret).
// The bot decides which: its token answer carries a "domain" only for the local one.
(async () => {
  const status = document.getElementById('status');

  fetch('healthz')
    .then((response) => response.json())
    .then((health) => {
      if (typeof health.essay === 'string') {
        document.getElementById('essay').textContent = `Ask me about: ${health.essay}`;
      }
    })
    .catch(() => {});

  try {
    const response = await fetch('api/directline/token', { method: 'POST' });
    if (!response.ok) {
      throw new Error(`the bot answered ${response.status}`);
    }

    const grant = await response.json();
    const directLine = typeof grant.domain === 'string'
      ? window.WebChat.createDirectLine({ token: grant.token, domain: new URL(grant.domain, document.baseURI).href, webSocket: false })
      : window.WebChat.createDirectLine({ token: grant.token });

    window.WebChat.renderWebChat(
      {
        directLine,
        userID: grant.userId,
        username: 'You',
        locale: 'en-US',
        styleOptions: {
          botAvatarInitials: 'FB',
          userAvatarInitials: 'You',
          hideUploadButton: true,
          bubbleMaxWidth: 640,
        },
      },
      document.getElementById('webchat'),
    );
  } catch (error) {
    status.textContent = `The chat could not start (${error.message}). Reload the page to try again.`;
  }
})();
