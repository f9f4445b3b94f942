// Two small SVG charts drawn from the API's figures: recent checkpoints as bars (failures marked),
// and one checkpoint's subtasks as a Gantt chart of start delay, alignment, sync and async phases.
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Bars of value(c) for each checkpoint, oldest left; failed ones drawn as marks. */
export function barChart(checkpoints, value, format, label) {
  const width = 640;
  const height = 160;
  const top = 10;
  const bottom = 20;
  const max = Math.max(1, ...checkpoints.map((c) => value(c) ?? 0));
  // At least 25 slots, so a few checkpoints do not make bars as wide as the chart.
  const step = width / Math.max(25, checkpoints.length);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart' });
  chart.append(svg('title', {}, label));
  chart.append(svg('text', { x: 4, y: 12, class: 'axis' }, `max ${format(max)}`));
  checkpoints.forEach((c, i) => {
    const x = i * step + step * 0.15;
    if (c.status === 'FAILED') {
      const mark = svg('text', { x: x + step * 0.35, y: height - bottom - 4, class: 'failed-mark', 'text-anchor': 'middle' }, '✕');
      mark.append(svg('title', {}, `#${c.checkpointId} failed: ${c.failureReason ?? ''}`));
      chart.append(mark);
      return;
    }
    const v = value(c) ?? 0;
    const barHeight = ((height - top - bottom) * v) / max;
    const bar = svg('rect', {
      x, y: height - bottom - barHeight, width: step * 0.7, height: Math.max(1, barHeight),
      class: c.status === 'PENDING' ? 'bar pending' : 'bar',
    });
    bar.append(svg('title', {}, `#${c.checkpointId}: ${format(v)}`));
    chart.append(bar);
  });
  if (checkpoints.length) {
    chart.append(svg('text', { x: 2, y: height - 4, class: 'axis' }, `#${checkpoints[0].checkpointId}`));
    chart.append(svg('text', { x: width - 2, y: height - 4, class: 'axis', 'text-anchor': 'end' }, `#${checkpoints[checkpoints.length - 1].checkpointId}`));
  }
  return chart;
}

const PHASES = [
  ['startDelayMs', 'start delay'],
  ['alignmentDurationMs', 'alignment'],
  ['syncDurationMs', 'sync'],
  ['asyncDurationMs', 'async'],
];

/** Each subtask from the trigger to its ack, its phases in order. */
export function gantt(checkpoint) {
  const subtasks = checkpoint.tasks.flatMap((task) => task.subtasks.map((s) => ({ ...s, taskId: task.taskId })));
  const rowHeight = 18;
  const labelWidth = 140;
  const width = 640;
  const height = subtasks.length * rowHeight + 24;
  const total = Math.max(1, checkpoint.endToEndDurationMs ?? 0, ...subtasks.map((s) => s.endToEndDurationMs ?? 0));
  const scale = (width - labelWidth - 10) / total;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart gantt', 'aria-label': `Subtasks of checkpoint ${checkpoint.checkpointId}` });
  subtasks.forEach((s, row) => {
    const y = row * rowHeight + 4;
    chart.append(svg('text', { x: 0, y: y + 12, class: 'axis' }, `${s.taskId}/${s.subtask}`));
    let x = labelWidth;
    for (const [field, name] of PHASES) {
      const w = (s[field] ?? 0) * scale;
      if (w > 0) {
        const rect = svg('rect', { x, y, width: w, height: rowHeight - 6, class: `phase ${name.replace(' ', '-')}` });
        rect.append(svg('title', {}, `${name}: ${s[field]} ms`));
        chart.append(rect);
      }
      x += w;
    }
    const end = labelWidth + (s.endToEndDurationMs ?? 0) * scale;
    if (end > x) {
      const rect = svg('rect', { x, y, width: end - x, height: rowHeight - 6, class: 'phase ack' });
      rect.append(svg('title', {}, `acknowledged after ${s.endToEndDurationMs} ms`));
      chart.append(rect);
    }
  });
  chart.append(svg('text', { x: width - 2, y: height - 4, class: 'axis', 'text-anchor': 'end' }, `${total} ms`));
  return chart;
}

export function legend() {
  const items = [...PHASES.map(([, name]) => name), 'ack'];
  const list = document.createElement('ul');
  list.className = 'legend';
  for (const name of items) {
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch phase ${name.replace(' ', '-')}`;
    item.append(swatch, ` ${name}`);
    list.append(item);
  }
  return list;
}
