// One job: overview, full history (rows expand to tasks and subtasks), summary, timeline, storage,
// configuration and restores, with the actions the caller's role allows. The API refuses the
// others anyway; they are simply not offered.
import { ApiError, del, enc, get, patch, post } from './api.js';
import { ago, badge, bytes, fill, h, ms, time } from './dom.js';
import { barChart, gantt, legend } from './charts.js';

const TABS = ['overview', 'history', 'summary', 'timeline', 'storage', 'configuration', 'restores'];
const RANK = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

export function jobView(jobId, tab, caller) {
  const id = enc(jobId);
  const can = { operate: RANK[caller.role] >= 1, administer: RANK[caller.role] >= 2 };
  const message = h('p', { id: 'message', role: 'status', class: 'message' });
  const title = h('div', { class: 'title' });
  const actions = h('div', { class: 'actions', 'aria-label': 'Actions' });
  const content = h('div', { class: 'tab', id: `tab-${tab}` });
  const sections = { overview, history, summary, timeline, storage, configuration, restores };
  const section = sections[TABS.includes(tab) ? tab : 'overview']();

  const root = h('section', { class: 'job' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Jobs'), ' / ', jobId),
    title,
    actions,
    h('nav', { class: 'tabs', 'aria-label': 'Job sections' },
      TABS.map((name) => h('a', { href: `#/jobs/${id}/${name}`, 'aria-current': name === tab ? 'page' : null }, name))),
    message,
    content);
  content.append(section.root);

  function say(text, kind = 'ok') {
    message.textContent = text;
    message.className = `message ${kind}`;
  }

  async function act(label, request) {
    try {
      const result = await request();
      say(label(result));
      await refresh();
    } catch (error) {
      say(error instanceof ApiError ? `${error.problem.title ?? 'Refused'}: ${error.message}` : error.message, 'error');
    }
  }

  let job = null;
  let actionsFor = null;
  function renderHeader() {
    fill(title, 
      h('h1', {}, jobId),
      h('span', { class: 'muted' }, job.name), ' ', badge(job.state),
      job.coordinator ? h('span', { class: 'muted' }, ` coordinated by ${job.coordinator}`) : null);
    if (actionsFor === job.state) return;
    actionsFor = job.state;
    const running = job.state === 'RUNNING';
    fill(actions, ...(can.operate && running ? [
      h('button', { type: 'button', id: 'trigger', onclick: () => act((c) => `Checkpoint ${c.checkpointId} triggered`, () => post(`/jobs/${id}/checkpoints`, {})) }, 'Trigger checkpoint'),
      h('button', { type: 'button', id: 'trigger-unaligned', onclick: () => act((c) => `Unaligned checkpoint ${c.checkpointId} triggered`, () => post(`/jobs/${id}/checkpoints`, { alignment: 'UNALIGNED' })) }, 'Trigger unaligned'),
      h('button', { type: 'button', id: 'savepoint', onclick: () => act((c) => `Savepoint ${c.checkpointId} triggered into ${c.directory}`, () => post(`/jobs/${id}/savepoints`, {})) }, 'Take savepoint'),
      h('button', { type: 'button', id: 'cancel-job', class: 'danger', onclick: () => confirm(`Cancel job ${jobId}? Its retention mode then applies.`) && act(() => 'Job canceled', () => post(`/jobs/${id}/cancel`)) }, 'Cancel job'),
    ] : []));
  }

  async function refresh() {
    job = await get(`/jobs/${id}`);
    renderHeader();
    await section.refresh();
  }

  // ---- Overview -------------------------------------------------------------------------------
  function overview() {
    const root = h('div');
    return {
      root,
      async refresh() {
        const [stats, restores] = await Promise.all([get(`/jobs/${id}/checkpoints/stats`), get(`/jobs/${id}/restores?size=1`)]);
        const { counts, latest } = stats;
        const restore = restores.items[0];
        fill(root, 
          h('dl', { class: 'counts' }, ['triggered', 'inProgress', 'completed', 'failed', 'restored'].flatMap((k) => [h('dt', {}, k), h('dd', { id: `count-${k}` }, counts[k])])),
          h('div', { class: 'cards' },
            card('Latest completed', latest.completed, (c) => [`#${c.checkpointId} ${c.alignment}`, `${ms(c.endToEndDurationMs)} · ${bytes(c.stateSize)}`, ago(c.completedAt)]),
            card('Latest failed', latest.failed, (c) => [`#${c.checkpointId}`, `${c.failureReason}: ${c.failureMessage ?? ''}`, ago(c.failedAt)]),
            card('Latest savepoint', latest.savepoint, (c) => [`#${c.checkpointId}`, c.externalPath, ago(c.completedAt)]),
            card('Latest restore', restore, (r) => [`#${r.restoreId} ${r.status}`, `${r.source} checkpoint ${r.checkpointId}`, ago(r.requestedAt)])));
      },
    };
  }

  function card(heading, value, lines) {
    return h('article', { class: 'card' }, h('h2', {}, heading), value ? lines(value).map((line) => h('p', {}, line)) : h('p', { class: 'muted' }, 'none'));
  }

  // ---- History --------------------------------------------------------------------------------
  function history() {
    const expanded = new Set();
    const expandedTasks = new Set();
    let page = 0;
    const status = h('select', { id: 'status-filter', 'aria-label': 'Status' }, ['', 'PENDING', 'COMPLETED', 'FAILED', 'DISCARDING', 'DISCARDED'].map((s) => h('option', { value: s }, s || 'Every status')));
    const kind = h('select', { id: 'kind-filter', 'aria-label': 'Kind' }, ['', 'CHECKPOINT', 'SAVEPOINT'].map((s) => h('option', { value: s }, s || 'Every kind')));
    const body = h('tbody');
    const pager = h('p', { class: 'pager' });
    const section = {
      root: h('div', {},
        h('div', { class: 'filters' }, status, kind),
        h('div', { class: 'scroll' }, h('table', { class: 'history' },
          h('thead', {}, h('tr', {}, ['', 'Id', 'Kind', 'Status', 'Alignment', 'Triggered', 'Duration', 'State', 'Checkpointed', 'In-flight', 'Acks', ''].map((c) => h('th', { scope: 'col' }, c)))),
          body)),
        pager),
      async refresh() {
        const query = `page=${page}&size=20${status.value ? `&status=${status.value}` : ''}`;
        const result = await get(`/jobs/${id}/checkpoints?${query}`);
        const shown = result.items.filter((c) => !kind.value || c.kind === kind.value);
        const details = new Map(await Promise.all([...expanded].filter((cid) => shown.some((c) => c.checkpointId === cid))
          .map(async (cid) => [cid, await get(`/jobs/${id}/checkpoints/${cid}`)])));
        fill(body, ...shown.flatMap((c) => row(c, details.get(c.checkpointId))));
        const pages = Math.max(1, Math.ceil(result.total / 20));
        fill(pager, 
          h('button', { type: 'button', disabled: page === 0, onclick: () => { page--; section.refresh(); } }, 'Newer'),
          ` page ${page + 1} of ${pages} (${result.total}) `,
          h('button', { type: 'button', disabled: page + 1 >= pages, onclick: () => { page++; section.refresh(); } }, 'Older'));
      },
    };
    [status, kind].forEach((select) => select.addEventListener('change', () => { page = 0; section.refresh(); }));

    function row(c, detail) {
      const open = expanded.has(c.checkpointId);
      const deletable = can.administer && c.status === 'COMPLETED';
      const rows = [h('tr', { class: `checkpoint ${c.status.toLowerCase()}`, 'data-checkpoint': c.checkpointId },
        h('td', {}, h('button', {
          type: 'button', class: 'expand', 'aria-expanded': String(open), 'aria-label': `Tasks of checkpoint ${c.checkpointId}`,
          onclick: () => { open ? expanded.delete(c.checkpointId) : expanded.add(c.checkpointId); section.refresh(); },
        }, open ? '▾' : '▸')),
        h('td', { class: 'num' }, c.checkpointId),
        h('td', {}, c.kind),
        h('td', {}, badge(c.status), c.failureReason ? h('div', { class: 'muted' }, c.failureReason) : null),
        h('td', {}, c.alignment ?? c.requestedAlignment),
        h('td', {}, time(c.triggeredAt)),
        h('td', { class: 'num' }, ms(c.endToEndDurationMs)),
        h('td', { class: 'num' }, bytes(c.stateSize)),
        h('td', { class: 'num' }, bytes(c.checkpointedSize)),
        h('td', { class: 'num' }, bytes(c.inFlightBytes)),
        h('td', { class: 'num' }, `${c.numAcknowledged}/${c.numSubtasks}`),
        h('td', {}, deletable ? h('button', {
          type: 'button', class: 'danger small',
          onclick: () => confirm(`Delete checkpoint ${c.checkpointId} and its files?`) && act(() => `Checkpoint ${c.checkpointId} is being deleted`, () => del(`/jobs/${id}/checkpoints/${c.checkpointId}`)),
        }, 'Delete') : null))];
      if (open && detail) rows.push(h('tr', { class: 'detail' }, h('td', { colspan: 12 }, tasks(detail))));
      return rows;
    }

    function tasks(detail) {
      return h('table', { class: 'tasks' },
        h('thead', {}, h('tr', {}, ['', 'Task', 'Parallelism', 'Acks', 'State', 'Checkpointed', 'In-flight', 'Slowest'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, (detail.tasks ?? []).flatMap((t) => {
          const key = `${detail.checkpointId}/${t.taskId}`;
          const open = expandedTasks.has(key);
          const out = [h('tr', { 'data-task': t.taskId },
            h('td', {}, h('button', {
              type: 'button', class: 'expand', 'aria-expanded': String(open), 'aria-label': `Subtasks of ${t.taskId}`,
              onclick: () => { open ? expandedTasks.delete(key) : expandedTasks.add(key); section.refresh(); },
            }, open ? '▾' : '▸')),
            h('td', {}, t.taskId), h('td', { class: 'num' }, t.parallelism), h('td', { class: 'num' }, t.numAcknowledged),
            h('td', { class: 'num' }, bytes(t.stateSize)), h('td', { class: 'num' }, bytes(t.checkpointedSize)),
            h('td', { class: 'num' }, bytes(t.inFlightBytes)), h('td', { class: 'num' }, ms(t.maxEndToEndDurationMs)))];
          if (open) out.push(h('tr', { class: 'detail' }, h('td', { colspan: 8 }, subtasks(t))));
          return out;
        })));
    }

    function subtasks(task) {
      return h('table', { class: 'subtasks' },
        h('thead', {}, h('tr', {}, ['Subtask', 'Ack time', 'State', 'Checkpointed', 'Sync', 'Async', 'Alignment', 'Start delay', 'Unaligned', 'In-flight'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, task.subtasks.map((s) => h('tr', { class: 'subtask' },
          h('td', { class: 'num' }, s.subtask), h('td', {}, time(s.ackTime)), h('td', { class: 'num' }, bytes(s.stateSize)),
          h('td', { class: 'num' }, bytes(s.checkpointedSize)), h('td', { class: 'num' }, ms(s.syncDurationMs)),
          h('td', { class: 'num' }, ms(s.asyncDurationMs)), h('td', { class: 'num' }, ms(s.alignmentDurationMs)),
          h('td', { class: 'num' }, ms(s.startDelayMs)), h('td', {}, s.unaligned ? 'yes' : 'no'), h('td', { class: 'num' }, bytes(s.inFlightBytes))))));
    }
    return section;
  }

  // ---- Summary --------------------------------------------------------------------------------
  function summary() {
    const root = h('div');
    return {
      root,
      async refresh() {
        const { summary: s } = await get(`/jobs/${id}/checkpoints/stats`);
        const rows = [['End-to-end duration', s.endToEndDurationMs, ms], ['State size', s.stateSize, bytes], ['Checkpointed size', s.checkpointedSize, bytes], ['In-flight bytes', s.inFlightBytes, bytes]];
        fill(root, 
          h('p', { class: 'muted' }, `Over the last ${s.window} completed checkpoints.`),
          h('table', { class: 'summary-table' },
            h('thead', {}, h('tr', {}, ['', 'min', 'avg', 'p50', 'p90', 'p99', 'max'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, rows.map(([name, v, f]) => h('tr', {}, h('th', { scope: 'row' }, name),
              ['min', 'avg', 'p50', 'p90', 'p99', 'max'].map((k) => h('td', { class: 'num' }, v ? f(Math.round(v[k])) : '–')))))));
      },
    };
  }

  // ---- Timeline -------------------------------------------------------------------------------
  function timeline() {
    const root = h('div');
    return {
      root,
      async refresh() {
        const recent = (await get(`/jobs/${id}/checkpoints?size=50`)).items.reverse();
        let latest = null;
        try {
          latest = await get(`/jobs/${id}/checkpoints/latest`);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) throw error;
        }
        fill(root, 
          h('h2', {}, 'End-to-end duration'), barChart(recent, (c) => c.endToEndDurationMs, ms, 'End-to-end duration of recent checkpoints; failures marked ✕'),
          h('h2', {}, 'State size'), barChart(recent, (c) => c.stateSize, bytes, 'State size of recent checkpoints'),
          h('h2', {}, latest ? `Subtasks of checkpoint ${latest.checkpointId}` : 'Subtasks'),
          latest ? [legend(), gantt(latest)] : h('p', { class: 'muted' }, 'No completed checkpoint yet.'));
      },
    };
  }

  // ---- Storage --------------------------------------------------------------------------------
  function storage() {
    const root = h('div');
    const sweep = h('div', { class: 'sweep' });
    return {
      root,
      async refresh() {
        const [completed, orphans] = await Promise.all([
          get(`/jobs/${id}/checkpoints?status=COMPLETED&size=100`),
          get('/maintenance/orphans'),
        ]);
        const retained = completed.items;
        const numRetained = job.checkpointing.numRetained;
        const unpinned = retained.filter((c) => c.kind === 'CHECKPOINT');
        const next = unpinned.length >= numRetained ? unpinned[unpinned.length - 1] : null;
        const mine = orphans.orphans.filter((o) => o.path.startsWith(`${jobId}/`));
        fill(root, 
          h('h2', {}, 'Retained'),
          h('p', {}, next
            ? `Retention keeps ${numRetained}: checkpoint ${next.checkpointId} (${bytes(next.checkpointedSize)} of its own) goes when the next one completes.`
            : `Retention keeps ${numRetained}; nothing goes on the next completion.`),
          h('table', {},
            h('thead', {}, h('tr', {}, ['Id', 'Kind', 'Completed', 'Total state', 'Written by it', 'Shared from earlier', 'Path'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, retained.map((c) => h('tr', {},
              h('td', { class: 'num' }, c.checkpointId), h('td', {}, c.kind), h('td', {}, ago(c.completedAt)),
              h('td', { class: 'num' }, bytes(c.stateSize)), h('td', { class: 'num' }, bytes(c.checkpointedSize)),
              h('td', { class: 'num' }, bytes(Math.max(0, c.stateSize - c.checkpointedSize))), h('td', { class: 'path' }, c.externalPath))))),
          h('h2', {}, 'Orphans'),
          h('p', {}, `${mine.length} orphan(s) under this job, ${bytes(mine.reduce((s, o) => s + o.bytes, 0))}.`),
          mine.length ? h('ul', { class: 'orphans' }, mine.map((o) => h('li', {}, `${o.path} (${o.kind}, ${o.files} files, ${bytes(o.bytes)}, ${ago(o.modifiedAt)})`))) : null,
          can.administer ? h('button', {
            type: 'button', id: 'sweep-dry-run',
            onclick: async () => {
              const result = await post('/maintenance/orphans/sweep?dryRun=true');
              fill(sweep, h('p', {}, `A sweep now would delete ${result.swept.length} orphan(s), ${bytes(result.bytes)}; ${result.keptTooYoung} kept as younger than ${result.gracePeriod}.`));
            },
          }, 'Dry-run the orphan sweep') : null,
          sweep);
      },
    };
  }

  // ---- Configuration --------------------------------------------------------------------------
  function configuration() {
    const table = h('tbody');
    const editor = h('textarea', { id: 'patch', rows: 4, 'aria-label': 'JSON merge patch of the checkpointing settings' }, '{"interval": "PT1M"}');
    const root = h('div', {},
      h('table', {}, table),
      can.administer ? h('form', {
        class: 'patch',
        onsubmit: (event) => {
          event.preventDefault();
          let body;
          try {
            body = JSON.parse(editor.value);
          } catch (error) {
            return say(`Not JSON: ${error.message}`, 'error');
          }
          act(() => 'Checkpointing changed', () => patch(`/jobs/${id}/checkpointing`, body));
        },
      }, h('label', { for: 'patch' }, 'Change (a JSON merge patch; unknown fields are refused)'), editor, h('button', { type: 'submit' }, 'Apply')) : null);
    return {
      root,
      async refresh() {
        fill(table, ...Object.entries(job.checkpointing).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, String(v)))),
          h('tr', {}, h('th', { scope: 'row' }, 'checkpointRoot'), h('td', { class: 'path' }, job.checkpointRoot)),
          h('tr', {}, h('th', { scope: 'row' }, 'tasks'), h('td', {}, job.tasks.map((t) => `${t.taskId} × ${t.parallelism}`).join(', '))));
      },
    };
  }

  // ---- Restores -------------------------------------------------------------------------------
  function restores() {
    const list = h('div');
    const form = can.operate ? restoreForm() : null;
    return {
      root: h('div', {}, form?.root, list),
      async refresh() {
        const page = await get(`/jobs/${id}/restores?size=20`);
        form?.prepare();
        fill(list, h('h2', {}, 'Restores'), page.items.length ? h('ul', { class: 'restores' }, page.items.map((r) => h('li', { 'data-restore': r.restoreId },
          h('p', {}, `#${r.restoreId} `, badge(r.status), ` from ${r.source} checkpoint ${r.checkpointId} (${r.claimMode}) · ${time(r.requestedAt)}`, r.failureMessage ? h('span', { class: 'error' }, ` ${r.failureMessage}`) : null),
          h('ul', { class: 'agents' }, r.agents.map((a) => h('li', {}, `${a.taskId}/${a.subtask}: ${a.outcome}${a.message ? ` (${a.message})` : ''}`)))))) : h('p', { class: 'muted' }, 'No restore yet.'));
      },
    };
  }

  function restoreForm() {
    const source = h('select', { id: 'restore-source' }, h('option', { value: 'latest' }, 'Latest checkpoint'), h('option', { value: 'checkpoint' }, 'A checkpoint or savepoint'), h('option', { value: 'path' }, 'A path'));
    const checkpoint = h('select', { id: 'restore-checkpoint', 'aria-label': 'Checkpoint' });
    const path = h('input', { id: 'restore-path', type: 'text', placeholder: 'file:/…/chk-7/_metadata', 'aria-label': 'Path' });
    const claim = h('select', { id: 'restore-claim', 'aria-label': 'Claim mode' }, h('option', { value: 'NO_CLAIM' }, 'NO_CLAIM'), h('option', { value: 'CLAIM' }, 'CLAIM'));
    const allow = h('input', { id: 'restore-allow', type: 'checkbox' });
    const shape = h('fieldset', { class: 'shape' });
    const checks = h('div', { id: 'restore-checks', role: 'status' });
    const run = h('button', { type: 'button', id: 'restore-run', disabled: true }, 'Restore');
    let checked = null;
    let prepared = false;

    function body() {
      const request = { source: {}, claimMode: claim.value, allowNonRestoredState: allow.checked };
      if (source.value === 'latest') request.source.latest = true;
      else if (source.value === 'checkpoint') request.source.checkpointId = Number(checkpoint.value);
      else request.source.path = path.value;
      const tasks = [...shape.querySelectorAll('input')].map((input) => ({ taskId: input.name, parallelism: Number(input.value) }));
      if (tasks.some((t) => job.tasks.find((current) => current.taskId === t.taskId)?.parallelism !== t.parallelism)) request.tasks = tasks;
      return request;
    }

    async function check() {
      const request = body();
      try {
        const result = await post(`/jobs/${id}/restores/check`, request);
        checked = JSON.stringify(request);
        run.disabled = false;
        fill(checks, h('p', { class: 'ok' }, `Checks passed: restores ${result.source} checkpoint ${result.checkpointId} from ${result.metadataPath} to ${result.subtasks} subtask(s), ${result.claimMode}${result.rescales ? `, rescaled to ${Object.entries(result.parallelism).map(([t, p]) => `${t} × ${p}`).join(', ')}` : ''}.`),
          result.skippedTasks.length ? h('p', {}, `State of ${result.skippedTasks.join(', ')} is not restored.`) : null);
      } catch (error) {
        checked = null;
        run.disabled = true;
        fill(checks, h('p', { class: 'error' }, `Would be refused: ${error.message}`));
      }
    }

    [source, checkpoint, path, claim, allow].forEach((input) => input.addEventListener('change', () => { run.disabled = true; fill(checks); }));
    run.addEventListener('click', () => {
      if (checked !== JSON.stringify(body())) return check();
      act((r) => `Restore ${r.restoreId} started`, () => post(`/jobs/${id}/restores`, body()));
      run.disabled = true;
    });

    return {
      root: h('form', { class: 'restore', onsubmit: (event) => { event.preventDefault(); check(); } },
        h('h2', {}, 'Restore'),
        h('label', {}, 'From ', source), checkpoint, path,
        h('label', {}, 'Claim mode ', claim),
        h('label', {}, allow, ' allow state of removed tasks'),
        shape,
        h('div', { class: 'buttons' }, h('button', { type: 'submit', id: 'restore-check' }, 'Check'), run),
        checks),
      async prepare() {
        if (prepared) return;
        prepared = true;
        const restorable = (await get(`/jobs/${id}/checkpoints?status=COMPLETED&size=100`)).items;
        fill(checkpoint, ...restorable.map((c) => h('option', { value: c.checkpointId }, `${c.kind === 'SAVEPOINT' ? 'Savepoint' : 'Checkpoint'} ${c.checkpointId} · ${time(c.completedAt)}`)));
        fill(shape, h('legend', {}, 'Parallelism'), ...job.tasks.map((t) => h('label', {}, `${t.taskId} `, h('input', { type: 'number', min: 1, name: t.taskId, value: t.parallelism, 'aria-label': `Parallelism of ${t.taskId}` }))));
        shape.querySelectorAll('input').forEach((input) => input.addEventListener('change', () => { run.disabled = true; }));
      },
    };
  }

  return {
    root,
    refresh,
    failed: (error) => say(`Could not refresh: ${error.message}`, 'error'),
  };
}
