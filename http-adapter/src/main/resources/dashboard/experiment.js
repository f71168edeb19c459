// One experiment's dashboard: reads GET /api/experiments/KEY/report once and draws every card and chart from it.
// Charts use ECharts (served as a WebJar) with the SVG renderer and no animation, so a page is complete once drawn.
'use strict';
(function () {
  const COLOURS = { control: '#7f7f7f', batch: '#1f77b4', realtime: '#d62728' };
  const key = decodeURIComponent(location.pathname.replace(/^\/experiments\//, ''));
  const params = new URLSearchParams(location.search);
  // Without a window asked for, the API answers with the experiment's pre-registered plan (7 days without a plan);
  // any other window is labelled exploratory on the page and in the JSON and CSV.
  const days = params.get('attributionDays');
  const api = '/api/experiments/' + encodeURIComponent(key);
  const query = days ? '?attributionDays=' + encodeURIComponent(days) : '';

  document.title = 'Kairos: ' + key;
  document.getElementById('title').textContent = 'Experiment ' + key;
  if (days) {
    document.getElementById('attribution-days').value = days;
  }
  document.getElementById('json-link').href = api + '/report' + query;
  document.getElementById('csv-link').href = api + '/outcomes.csv' + query;
  window.kairosDownloadLink(document.getElementById('json-link'), key + '-report.json');
  window.kairosDownloadLink(document.getElementById('csv-link'), key + '-outcomes.csv');

  const status = document.getElementById('status');
  const main = document.getElementById('report');
  const started = performance.now();
  window.kairosFetch(api + '/report' + query)
    .then((response) => response.json().then((body) => {
      if (!response.ok) {
        throw new Error(body.message || body.error || 'HTTP ' + response.status);
      }
      return body;
    }))
    .then((report) => {
      document.getElementById('attribution-days').value = Math.round(report.attribution_window_hours / 24);
      const analysis = document.getElementById('analysis');
      if (report.analysis) {
        analysis.textContent = report.analysis.sentence;
        analysis.className = report.analysis.kind === 'pre-registered' ? 'status' : 'warning';
        analysis.dataset.kind = report.analysis.kind;
        analysis.hidden = false;
      }
      render(report);
      status.textContent = 'Observation ends ' + (report.observation_end || 'n/a') + '; attribution window '
        + fmt(report.attribution_window_hours / 24, 0) + ' days; enrolment cut-off '
        + (report.enrolment_cutoff || 'n/a') + ' (users first triggered later are not counted). Drawn in '
        + Math.round(performance.now() - started) + ' ms.';
      main.dataset.state = 'rendered';
    })
    .catch((error) => {
      status.textContent = 'Cannot show the report: ' + error.message;
      status.className = 'error';
      main.dataset.state = 'error';
    });

  function render(report) {
    const srm = report.sample_ratio;
    if (srm && srm.mismatch) {
      const warning = document.getElementById('sample-ratio');
      warning.textContent = 'Sample-ratio mismatch (chi-square ' + fmt(srm.chi_square, 1) + ', p = '
        + pValue(srm.p_value) + '): users are not split as configured, so the comparisons cannot be trusted.';
      warning.hidden = false;
    }
    cards(report.arms);
    verdicts(report);
    alwaysValid(report.comparisons);
    liftChart(report.comparisons);
    survivalChart(report.arms, report.attribution_window_hours);
    dailyChart(report.arms);
    latencyChart(report.arms);
    campaignVersions(report.campaign_versions || []);
  }

  // Which rules governed how much of the experiment; shown once a campaign version has been published.
  function campaignVersions(versions) {
    if (versions.every((v) => v.version === 0)) {
      return;
    }
    const rows = document.getElementById('campaign-version-rows');
    for (const v of versions) {
      const tr = document.createElement('tr');
      tr.dataset.version = v.version;
      tr.dataset.arm = v.arm;
      for (const value of [v.version, v.arm, count(v.delivered), count(v.ghost), count(v.suppressed),
        count(v.clicked), v.first_decided_at, v.last_decided_at]) {
        const td = document.createElement('td');
        td.textContent = value;
        tr.append(td);
      }
      rows.append(tr);
    }
    document.getElementById('campaign-versions').hidden = false;
  }

  function cards(arms) {
    const container = document.getElementById('cards');
    for (const arm of arms) {
      const card = document.createElement('article');
      card.className = 'card';
      card.dataset.arm = arm.arm;
      card.style.setProperty('--arm-colour', COLOURS[arm.arm] || '#888');
      const title = document.createElement('h3');
      title.textContent = arm.arm + ' (weight ' + arm.weight + ')';
      const list = document.createElement('dl');
      const latency = arm.processing_latency_millis;
      const impression = arm.first_impression_seconds;
      const rows = [
        ['users_assigned', 'Users assigned', count(arm.users_assigned)],
        ['users_triggered', 'Triggered', count(arm.users_triggered)],
        ['users_converted', 'Converted', count(arm.users_converted)],
        ['conversion_rate_triggered', 'Conversion (triggered)', percent(arm.conversion_rate_triggered)],
        ['click_through_rate', 'Click-through rate', percent(arm.click_through_rate)],
        ['revenue_per_visitor', 'Revenue per visitor', fmt(arm.revenue_per_visitor, 2)],
        ['delivered', 'Messages delivered', count(arm.decisions.delivered)],
        ['reaction_delay_p50', 'Reaction delay p50', duration(arm.reaction_delay_seconds.p50)],
        ['latency', 'Latency p50 / p95 / p99', [latency.p50, latency.p95, latency.p99].map(millis).join(' / ')],
        ['first_impression', 'Event → first display p50 / p95 / p99',
          [impression.p50, impression.p95, impression.p99].map(duration).join(' / ')],
        ['rmst', 'Mean hours to convert (RMST)', fmt(arm.time_to_conversion_hours.rmst, 1)],
      ];
      for (const [name, label, value] of rows) {
        const dt = document.createElement('dt');
        dt.textContent = label;
        const dd = document.createElement('dd');
        dd.dataset.metric = name;
        dd.textContent = value;
        list.append(dt, dd);
      }
      card.append(title, list);
      container.append(card);
    }
  }

  function verdicts(report) {
    const list = document.getElementById('verdicts');
    const sentences = [];
    for (const comparison of report.comparisons) {
      comparison.verdicts.forEach((sentence) => sentences.push(sentence));
    }
    if (report.time_to_conversion_all_arms) {
      sentences.push(report.time_to_conversion_all_arms.verdict);
    }
    for (const sentence of sentences) {
      const li = document.createElement('li');
      li.textContent = sentence;
      if (!/^(no significant|not enough)/.test(sentence)) {
        li.className = 'significant';
      }
      list.append(li);
    }
  }

  // The interval to read while the experiment runs: valid however often the page is reloaded (mSPRT).
  function alwaysValid(comparisons) {
    const list = document.getElementById('always-valid');
    for (const comparison of comparisons) {
      const triggered = comparison.conversion_triggered;
      const li = document.createElement('li');
      li.dataset.comparison = comparison.treatment + '-' + comparison.control;
      if (!triggered || !triggered.always_valid) {
        li.textContent = comparison.treatment + ' vs ' + comparison.control + ': not enough data';
      } else {
        const valid = triggered.always_valid;
        li.textContent = comparison.treatment + ' vs ' + comparison.control + ': '
          + fmt(100 * triggered.abs_diff, 2) + ' pp, always-valid 95% interval '
          + fmt(100 * valid.abs_diff_ci[0], 2) + ' to ' + fmt(100 * valid.abs_diff_ci[1], 2) + ' pp, p = '
          + pValue(valid.p_value);
      }
      list.append(li);
    }
  }

  // Horizontal bars of the relative lift (%) per comparison, conversion among triggered users and revenue per
  // visitor, each with its 95% interval drawn as a whisker.
  function liftChart(comparisons) {
    const labels = comparisons.map((c) => c.treatment + ' vs ' + c.control);
    const measures = [
      ['Conversion (triggered)', (c) => c.conversion_triggered, '#2a9d8f'],
      ['Revenue per visitor', (c) => c.revenue_per_visitor, '#e9c46a'],
    ];
    const series = [];
    measures.forEach(([name, pick, colour], index) => {
      const values = comparisons.map((c) => {
        const m = pick(c);
        return m && m.rel_lift !== null ? round(100 * m.rel_lift) : null;
      });
      const intervals = comparisons.map((c, row) => {
        const m = pick(c);
        return m && m.rel_lift_ci ? [row, round(100 * m.rel_lift_ci[0]), round(100 * m.rel_lift_ci[1])] : null;
      }).filter((x) => x !== null);
      series.push({ name: name, type: 'bar', data: values, itemStyle: { color: colour }, barGap: '30%' });
      series.push({
        name: name, type: 'custom', data: intervals, z: 10, tooltip: { show: false },
        renderItem: (params, apiHelpers) => whisker(params, apiHelpers, index, measures.length),
        encode: { y: 0, x: [1, 2] },
      });
    });
    draw('lift-chart', comparisons.length > 0, {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => v === null ? 'n/a' : v + '%' },
      legend: { data: measures.map((m) => m[0]) },
      grid: { left: 130, right: 30 },
      xAxis: { type: 'value', name: 'lift %', axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: labels, inverse: true },
      series: series,
    }, 'No arms to compare.');
  }

  function whisker(params, apiHelpers, index, count) {
    const row = apiHelpers.value(0);
    const low = apiHelpers.coord([apiHelpers.value(1), row]);
    const high = apiHelpers.coord([apiHelpers.value(2), row]);
    const band = apiHelpers.size([0, 1])[1];
    const offset = (index - (count - 1) / 2) * band / (count + 1);
    const y = low[1] + offset;
    const cap = band / 12;
    const style = { stroke: '#222', lineWidth: 1.5 };
    return {
      type: 'group',
      children: [
        { type: 'line', shape: { x1: low[0], y1: y, x2: high[0], y2: y }, style: style },
        { type: 'line', shape: { x1: low[0], y1: y - cap, x2: low[0], y2: y + cap }, style: style },
        { type: 'line', shape: { x1: high[0], y1: y - cap, x2: high[0], y2: y + cap }, style: style },
      ],
    };
  }

  // One step curve per arm: 1 - S(t), from 0 at the trigger to the attribution window.
  function survivalChart(arms, horizon) {
    const series = [];
    for (const arm of arms) {
      const curve = arm.time_to_conversion_hours.curve;
      if (curve.length === 0) {
        continue;
      }
      const points = [[0, 0]];
      for (const step of curve) {
        if (step.time > horizon) {
          break;
        }
        points.push([step.time, round(100 * (1 - step.survival))]);
      }
      points.push([horizon, points[points.length - 1][1]]);
      series.push({
        name: arm.arm, type: 'line', step: 'end', showSymbol: false, data: points, sampling: 'lttb',
        lineStyle: { width: 2 }, itemStyle: { color: COLOURS[arm.arm] },
      });
    }
    draw('km-chart', series.length > 0, {
      tooltip: { trigger: 'axis', valueFormatter: (v) => v + '%' },
      legend: {},
      xAxis: { type: 'value', name: 'hours', max: horizon },
      yAxis: { type: 'value', name: 'converted', axisLabel: { formatter: '{value}%' } },
      series: series,
    }, 'Nobody was triggered yet.');
  }

  function dailyChart(arms) {
    const days = [...new Set(arms.flatMap((arm) => arm.conversions_per_day.map((d) => d.day)))].sort();
    const series = arms.filter((arm) => arm.conversions_per_day.length > 0).map((arm) => {
      const byDay = new Map(arm.conversions_per_day.map((d) => [d.day, d.conversions]));
      return {
        name: arm.arm, type: 'line', showSymbol: days.length < 40, itemStyle: { color: COLOURS[arm.arm] },
        data: days.map((day) => arm.users_assigned > 0 ? round(1000 * (byDay.get(day) || 0) / arm.users_assigned) : 0),
      };
    });
    draw('daily-chart', series.length > 0, {
      tooltip: { trigger: 'axis' },
      legend: {},
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', name: 'per 1,000 users' },
      series: series,
    }, 'No conversion yet.');
  }

  function latencyChart(arms) {
    const withData = arms.filter((arm) => arm.processing_latency_histogram.length > 0);
    const buckets = withData.length > 0 ? withData[0].processing_latency_histogram : [];
    const labels = buckets.map((b) => b.to_millis === null ? '≥ ' + millis(b.from_millis)
      : millis(b.from_millis) + '–' + millis(b.to_millis));
    const series = withData.map((arm) => ({
      name: arm.arm, type: 'bar', itemStyle: { color: COLOURS[arm.arm] },
      data: arm.processing_latency_histogram.map((b) => b.decisions),
    }));
    draw('latency-chart', series.length > 0, {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: {},
      xAxis: { type: 'category', data: labels, name: 'latency', axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: 'decisions' },
      series: series,
    }, 'No decision with a processing latency (real-time decisions record one; batch decisions do not).');
  }

  function draw(id, hasData, option, emptyText) {
    const element = document.getElementById(id);
    if (!hasData) {
      element.textContent = emptyText;
      element.dataset.state = 'empty';
      return;
    }
    const chart = echarts.init(element, null, { renderer: 'svg' });
    chart.setOption(Object.assign({ animation: false }, option));
    window.addEventListener('resize', () => chart.resize());
    element.dataset.state = 'rendered';
  }

  function round(x) {
    return Math.round(x * 100) / 100;
  }

  function fmt(x, decimals) {
    return x === null || x === undefined ? 'n/a' : Number(x).toLocaleString('en', {
      minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  function count(x) {
    return fmt(x, 0);
  }

  function percent(x) {
    return x === null || x === undefined ? 'n/a' : fmt(100 * x, 1) + '%';
  }

  function millis(x) {
    if (x === null || x === undefined) {
      return 'n/a';
    }
    return x >= 1000 ? fmt(x / 1000, x >= 10000 ? 0 : 1) + ' s' : fmt(x, 0) + ' ms';
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) {
      return 'n/a';
    }
    if (seconds < 10) {
      return fmt(seconds, 1) + ' s';
    }
    if (seconds < 120) {
      return fmt(seconds, 0) + ' s';
    }
    return seconds < 7200 ? fmt(seconds / 60, 1) + ' min' : fmt(seconds / 3600, 1) + ' h';
  }

  function pValue(p) {
    return p < 0.001 ? '< 0.001' : fmt(p, 3);
  }
})();
