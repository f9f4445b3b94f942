// Every job at a glance: state, checkpointing health, agents, how old the last completed
// checkpoint is against the interval, what is retained. Failing jobs stand out.
import { enc, get } from './api.js';
import { ago, badge, bytes, durationMs, fill, h } from './dom.js';

/** How a job's checkpointing is doing, from its stats and its interval. */
export function health(job, stats) {
  if (job.state !== 'RUNNING') return { label: job.state, level: 'ended' };
  const completed = stats.latest?.completed;
  const failed = stats.latest?.failed;
  if (failed && (!completed || failed.checkpointId > completed.checkpointId)) {
    return { label: `failing: ${failed.failureReason}`, level: 'failing' };
  }
  const interval = durationMs(job.checkpointing.interval);
  if (interval && completed && Date.now() - Date.parse(completed.completedAt) > 3 * interval) {
    return { label: 'late', level: 'failing' };
  }
  if (!completed) return { label: 'no checkpoint yet', level: 'waiting' };
  return { label: 'healthy', level: 'healthy' };
}

export function jobsView() {
  const search = h('input', { type: 'search', id: 'search', placeholder: 'Job id or name', 'aria-label': 'Search jobs' });
  const state = h('select', { id: 'state', 'aria-label': 'State' },
    ['ALL', 'RUNNING', 'CANCELED', 'FAILED', 'FINISHED'].map((s) => h('option', { value: s }, s === 'ALL' ? 'Every state' : s)));
  const failingOnly = h('input', { type: 'checkbox', id: 'failing-only' });
  const body = h('tbody');
  const summary = h('p', { class: 'summary' });
  let rows = [];

  function render() {
    const text = search.value.trim().toLowerCase();
    const shown = rows.filter((row) => (!text || row.job.jobId.toLowerCase().includes(text) || row.job.name.toLowerCase().includes(text))
      && (state.value === 'ALL' || row.job.state === state.value)
      && (!failingOnly.checked || row.health.level === 'failing'));
    summary.textContent = `${shown.length} of ${rows.length} jobs · ${rows.filter((r) => r.health.level === 'failing').length} failing`;
    fill(body, ...shown.map(({ job, stats, agents, retained, health: status }) => h('tr', { class: status.level, 'data-job': job.jobId },
      h('td', { class: 'id' }, h('a', { href: `#/jobs/${enc(job.jobId)}` }, job.jobId), h('div', { class: 'muted' }, job.name)),
      h('td', {}, badge(job.state)),
      h('td', {}, badge(status.label, status.level)),
      h('td', {}, `${agents.registered}/${agents.expected}`, agents.missing.length ? h('div', { class: 'muted' }, `missing ${agents.missing.join(', ')}`) : null),
      h('td', {}, ago(stats.latest?.completed?.completedAt), h('div', { class: 'muted' }, `every ${job.checkpointing.interval ?? 'manual'}`)),
      h('td', { class: 'num' }, retained.count),
      h('td', { class: 'num' }, bytes(retained.bytes)))));
  }
  [search, state, failingOnly].forEach((input) => input.addEventListener('input', render));

  const root = h('section', { class: 'jobs' },
    h('h1', {}, 'Jobs'),
    h('div', { class: 'filters' }, search, state, h('label', {}, failingOnly, ' failing only')),
    summary,
    h('div', { class: 'scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Job', 'State', 'Checkpointing', 'Agents', 'Last completed', 'Retained', 'Bytes'].map((c) => h('th', { scope: 'col' }, c)))),
      body)));

  async function refresh() {
    const jobs = (await get('/jobs?size=100')).items;
    rows = await Promise.all(jobs.map(async (job) => {
      const id = enc(job.jobId);
      const [stats, agents, completed] = await Promise.all([
        get(`/jobs/${id}/checkpoints/stats`),
        get(`/jobs/${id}/agents`),
        get(`/jobs/${id}/checkpoints?status=COMPLETED&size=100`),
      ]);
      const retained = {
        count: completed.total,
        bytes: completed.items.reduce((sum, c) => sum + (c.checkpointedSize ?? 0), 0),
      };
      return { job, stats, agents, retained, health: health(job, stats) };
    }));
    render();
  }

  return { root, refresh };
}
