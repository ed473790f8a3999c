// casebot dashboard: draws the charts from the figures the server put in #dashboard-data (JSON).
// Chart.js comes from /assets/chart.umd.min.js (the chart.js package, unmodified).
/* global Chart, document */
'use strict';

(function () {
  const source = document.getElementById('dashboard-data');
  if (!source || typeof Chart === 'undefined') return;
  const data = JSON.parse(source.textContent || '{}');
  const report = data.report;
  const charts = data.charts;
  const palette = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#64748b'];
  const base = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    plugins: { legend: { display: false } },
  };

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }

  const d = report.deflection;
  if (d.available) {
    draw('funnel', {
      type: 'bar',
      data: {
        labels: [
          'Questions',
          'Suggestions shown',
          'Article opened',
          'Marked solved',
          'Deflected',
          'Escalated',
          'Abandoned',
          'No good match',
          'Pending',
        ],
        datasets: [
          {
            label: 'Questions',
            data: [
              d.questions,
              d.suggestionsShown,
              d.articleOpened.count ?? 0,
              d.markedSolved,
              d.deflected,
              d.escalated,
              d.abandoned,
              d.noGoodMatch,
              d.pending,
            ],
            backgroundColor: [
              '#2563eb',
              '#3b82f6',
              '#60a5fa',
              '#16a34a',
              '#15803d',
              '#dc2626',
              '#f59e0b',
              '#64748b',
              '#94a3b8',
            ],
          },
        ],
      },
      options: {
        ...base,
        indexAxis: 'y',
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  const trend = charts.slaTrend;
  // Bars, not lines: a severity with no case owed on a day has no bar rather than a line drawn
  // across days that owed nothing.
  draw('sla-trend', {
    type: 'bar',
    data: {
      labels: trend.buckets.map((iso) =>
        trend.unit === 'week' ? `week of ${iso.slice(0, 10)}` : iso.slice(0, 10),
      ),
      datasets: trend.series.map((series, index) => ({
        label: `Severity ${series.severity}`,
        data: series.points.map((point) => point.attainmentPercent),
        backgroundColor: palette[index % palette.length],
        minBarLength: 3,
      })),
    },
    options: {
      ...base,
      plugins: { legend: { display: true, position: 'bottom' } },
      scales: { y: { min: 0, max: 100, title: { display: true, text: '% attained' } } },
    },
  });

  draw('first-response', {
    type: 'bar',
    data: {
      labels: charts.firstResponseDistribution.map((bucket) => bucket.label),
      datasets: [
        {
          label: 'Cases',
          data: charts.firstResponseDistribution.map((bucket) => bucket.count),
          backgroundColor: '#2563eb',
        },
      ],
    },
    options: { ...base, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  const csat = charts.csatTrend;
  draw('csat-trend', {
    type: 'bar',
    data: {
      labels: csat.buckets.map((iso) =>
        csat.unit === 'week' ? `week of ${iso.slice(0, 10)}` : iso.slice(0, 10),
      ),
      datasets: [
        {
          type: 'line',
          label: 'Average rating',
          data: csat.average,
          borderColor: '#16a34a',
          backgroundColor: '#16a34a',
          spanGaps: true,
          yAxisID: 'score',
        },
        {
          label: 'Ratings',
          data: csat.ratings,
          backgroundColor: '#93c5fd',
          yAxisID: 'count',
        },
      ],
    },
    options: {
      ...base,
      plugins: { legend: { display: true, position: 'bottom' } },
      scales: {
        score: { position: 'left', min: 1, max: 5, title: { display: true, text: 'average' } },
        count: {
          position: 'right',
          beginAtZero: true,
          ticks: { precision: 0 },
          grid: { drawOnChartArea: false },
          title: { display: true, text: 'ratings' },
        },
      },
    },
  });

  draw('backlog', {
    type: 'bar',
    data: {
      labels: report.backlog.buckets.map((bucket) => bucket.label),
      datasets: [
        {
          label: 'Open cases',
          data: report.backlog.buckets.map((bucket) => bucket.count),
          backgroundColor: '#d97706',
        },
      ],
    },
    options: { ...base, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });

  const gaps = report.knowledgeGaps.groups.slice(0, 10);
  draw('gaps', {
    type: 'bar',
    data: {
      labels: gaps.map((gap) => gap.topic || '(no shared words)'),
      datasets: [
        {
          label: 'No good match',
          data: gaps.map((gap) => gap.noGoodMatch),
          backgroundColor: '#64748b',
        },
        {
          label: 'Escalated despite suggestions',
          data: gaps.map((gap) => gap.escalatedDespiteSuggestions),
          backgroundColor: '#dc2626',
        },
      ],
    },
    options: {
      ...base,
      indexAxis: 'y',
      plugins: { legend: { display: true, position: 'bottom' } },
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: true },
      },
    },
  });

  document.body.dataset.charts = 'drawn';
})();
