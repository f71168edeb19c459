// The dashboard's API key. When the server answers 401 (keys are created: docs/security.md), the page asks once for
// a read key and keeps it in sessionStorage, so it lasts until this browser tab's session ends and is sent only to
// this server, in the X-Kairos-Key header. Without keys created (a loopback server) it is never asked for.
'use strict';
(function () {
  const STORE = 'kairos.readKey';
  const HOW = ' (create one with: kairos keys create --role read --name NAME)';

  function withKey(options) {
    const key = sessionStorage.getItem(STORE);
    const headers = Object.assign({}, (options && options.headers) || {});
    if (key) {
      headers['X-Kairos-Key'] = key;
    }
    return Object.assign({}, options || {}, { headers: headers });
  }

  // fetch() with the session's key; on 401 asks for a key and tries again, until it is accepted or the user cancels.
  window.kairosFetch = function (url, options) {
    return fetch(url, withKey(options)).then((response) => {
      if (response.status !== 401) {
        return response;
      }
      const refused = sessionStorage.getItem(STORE) !== null;
      const key = window.prompt((refused ? 'That key was refused. ' : 'This server needs a read key. ')
        + 'Paste a read key' + HOW + ':');
      if (!key || !key.trim()) {
        return response;
      }
      sessionStorage.setItem(STORE, key.trim());
      return window.kairosFetch(url, options);
    });
  };

  // Makes a download link carry the key: a plain link cannot send a header, so it is fetched and saved as a file.
  window.kairosDownloadLink = function (link, fileName) {
    link.addEventListener('click', (event) => {
      if (!sessionStorage.getItem(STORE)) {
        return;
      }
      event.preventDefault();
      window.kairosFetch(link.href)
        .then((response) => response.ok ? response.blob() : Promise.reject(new Error('HTTP ' + response.status)))
        .then((blob) => {
          const save = document.createElement('a');
          save.href = URL.createObjectURL(blob);
          save.download = fileName;
          document.body.append(save);
          save.click();
          save.remove();
          URL.revokeObjectURL(save.href);
        })
        .catch((error) => window.alert('Cannot download: ' + error.message));
    });
  };
})();
