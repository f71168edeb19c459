// The experiment picker: one link per experiment of GET /api/experiments.
'use strict';
(function () {
  const list = document.getElementById('experiments');
  window.kairosFetch('/api/experiments')
    .then((response) => response.ok ? response.json() : Promise.reject(new Error('HTTP ' + response.status)))
    .then((experiments) => {
      list.replaceChildren();
      if (experiments.length === 0) {
        list.append(item('No experiment yet: run one (see README) and come back.'));
      }
      for (const experiment of experiments) {
        const link = document.createElement('a');
        link.href = '/experiments/' + encodeURIComponent(experiment.key);
        link.textContent = experiment.key;
        const li = item('');
        li.append(link);
        const arms = experiment.arms.map((a) => a.arm + ' ' + a.weight).join(' / ');
        li.append(document.createTextNode(' ' + (experiment.description ? experiment.description + ' — ' : '')
          + (arms ? 'weights ' + arms : 'no arms')));
        list.append(li);
      }
      list.dataset.state = 'rendered';
    })
    .catch((error) => {
      list.replaceChildren(item('Cannot list the experiments: ' + error.message));
      list.dataset.state = 'error';
    });

  function item(text) {
    const li = document.createElement('li');
    li.textContent = text;
    return li;
  }
})();
