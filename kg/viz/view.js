/* claims-kg graph view (Apache-2.0, part of this project; no dependencies, no network).
 *
 * Reads the JSON in <script id="kg-data">, lays the graph out with a small force simulation (springs
 * along relationships, repulsion between nodes, a pull to the centre), then draws it on a canvas.
 * The first layout runs to rest before the first frame, from a fixed starting spiral, so the same data
 * always gives the same picture. Drag a node to move it, drag the background to pan, wheel to zoom,
 * double-click to fit, hover for details. All text from the data is shown with textContent, never as HTML.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var canvas = document.getElementById("kg-canvas");
  var ctx = canvas.getContext("2d");
  var tip = document.getElementById("kg-tip");
  var FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

  // ---- model ------------------------------------------------------------------------------------
  var nodes = data.nodes.map(function (n, i) {
    return { d: n, i: i, r: Math.max(6, n.size / 4), x: 0, y: 0, vx: 0, vy: 0, fixed: false, degree: 0,
             half: Math.min(n.caption.length, 40) * 3.4 };  // about half the caption's width at 12.5px
  });
  var byId = {};
  nodes.forEach(function (n) { byId[n.d.id] = n; });
  var edges = [];
  data.edges.forEach(function (e) {
    var s = byId[e.source], t = byId[e.target];
    if (s && t) { edges.push({ d: e, s: s, t: t, bend: 0 }); s.degree++; t.degree++; }
  });
  // Hubs are drawn bigger (up to 2.2 times), so the picture shows at once which names matter.
  nodes.forEach(function (n) {
    n.r = Math.max(6, n.d.size / 4) * Math.min(2.2, 1 + 0.25 * Math.sqrt(Math.max(0, n.degree - 1)));
  });
  // Labels are placed in this order, each only where it overlaps none placed before: hubs first.
  var ranked = nodes.slice().sort(function (a, b) { return b.degree - a.degree || b.r - a.r || a.i - b.i; });

  // Parallel relationships between one pair are bent apart so each keeps a visible line and label.
  var pairs = {};
  edges.forEach(function (e) {
    var key = e.s.i < e.t.i ? e.s.i + ":" + e.t.i : e.t.i + ":" + e.s.i;
    (pairs[key] = pairs[key] || []).push(e);
  });
  Object.keys(pairs).forEach(function (key) {
    var group = pairs[key];
    group.forEach(function (e, k) {
      var offset = (k - (group.length - 1) / 2) * 26;
      e.bend = e.s.i < e.t.i ? offset : -offset;  // measured against the pair's canonical direction
    });
  });

  // ---- layout -----------------------------------------------------------------------------------
  // Each connected component is laid out on its own, then the components are packed in rows: many small
  // components (the usual result) then fill the page instead of drifting apart under the repulsion.
  function components() {
    var parent = nodes.map(function (n, i) { return i; });
    function root(i) { while (parent[i] !== i) { parent[i] = parent[parent[i]]; i = parent[i]; } return i; }
    edges.forEach(function (e) { parent[root(e.s.i)] = root(e.t.i); });
    var groups = {};
    nodes.forEach(function (n) { var r = root(n.i); (groups[r] = groups[r] || []).push(n); });
    return Object.keys(groups).map(function (k) { return groups[k]; })
      .sort(function (a, b) { return b.length - a.length || a[0].i - b[0].i; });
  }

  function seedPositions(group) {
    var golden = Math.PI * (3 - Math.sqrt(5));
    group.forEach(function (n, i) {
      var radius = 30 * Math.sqrt(i + 0.5);
      n.x = radius * Math.cos(i * golden);
      n.y = radius * Math.sin(i * golden);
      n.vx = n.vy = 0;
    });
  }

  var alpha = 1;
  var active = nodes;          // the nodes the simulation moves (one component while settling)
  var activeEdges = edges;
  var centre = { x: 0, y: 0 };  // where the pull to the centre points
  var groupsOf = [];            // node index -> its component, for dragging

  function tick() {
    var n = active.length, i, j, a, b, dx, dy, d2, d, f;
    // springs along relationships, weaker at hubs so they do not collapse their neighbours
    activeEdges.forEach(function (e) {
      if (e.s === e.t) return;
      dx = e.t.x - e.s.x; dy = e.t.y - e.s.y;
      d = Math.sqrt(dx * dx + dy * dy) || 1;
      // long enough for the label drawn along it (OUTPERFORMS labels are bigger, see draw())
      var perChar = e.d.type === "OUTPERFORMS" ? 6 : 3;
      var rest = 50 + e.s.r + e.t.r + (e.d.caption ? perChar * Math.min(e.d.caption.length, 30) : 0);
      // (at most 0.4 per end: both ends move, and more than the whole gap would overshoot and diverge)
      f = (d - rest) / d * alpha * 0.4 / Math.sqrt(Math.min(e.s.degree, e.t.degree));
      dx *= f; dy *= f;
      e.t.vx -= dx; e.t.vy -= dy;
      e.s.vx += dx; e.s.vy += dy;
    });
    // repulsion between every pair, plus a hard push where circles and captions would overlap
    for (i = 0; i < n; i++) {
      a = active[i];
      for (j = i + 1; j < n; j++) {
        b = active[j];
        dx = b.x - a.x; dy = b.y - a.y;
        d2 = dx * dx + dy * dy;
        if (d2 < 1e-6) { dx = (j - i) * 0.01; dy = 0.01; d2 = dx * dx + dy * dy; }
        d = Math.sqrt(d2);
        // repulsion fades out beyond a few edge lengths, so that far clusters do not push each other away
        f = d < 700 ? 700 * alpha / d2 : 0;
        // captions sit below the nodes: side by side, two nodes need room for half of each caption
        var room = a.r + b.r + 24 + Math.abs(dx) / d * (a.half + b.half) * 0.8;
        if (d < room) f += (room - d) / d * 0.5;
        a.vx -= dx * f; a.vy -= dy * f;
        b.vx += dx * f; b.vy += dy * f;
      }
    }
    active.forEach(function (p) {
      p.vx -= (p.x - centre.x) * 0.02 * alpha;   // a gentle pull to the centre keeps the component together
      p.vy -= (p.y - centre.y) * 0.02 * alpha;
      if (p.fixed) { p.vx = p.vy = 0; return; }
      p.vx *= 0.6; p.vy *= 0.6;
      p.x += p.vx; p.y += p.vy;
    });
    alpha *= 0.985;
  }

  function bounds(group) {
    var box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    group.forEach(function (n) {
      var half = Math.max(n.r, Math.min(n.d.caption.length, 40) * 3.6);  // room for the caption below
      box.x0 = Math.min(box.x0, n.x - half); box.x1 = Math.max(box.x1, n.x + half);
      box.y0 = Math.min(box.y0, n.y - n.r); box.y1 = Math.max(box.y1, n.y + n.r + 18);
    });
    return box;
  }

  function settle() {
    var groups = components(), placed = [], area = 0, gap = 40;
    groups.forEach(function (group) {
      var inGroup = new Set(group);
      group.forEach(function (n) { groupsOf[n.i] = group; });
      active = group;
      activeEdges = edges.filter(function (e) { return inGroup.has(e.s); });
      seedPositions(group);
      alpha = 1;
      // every tick compares all pairs: fewer ticks for big components keep the first frame under a few seconds
      var ticks = group.length === 1 ? 0 : Math.max(25, Math.min(300, Math.round(6e7 / (group.length * group.length))));
      for (var k = 0; k < ticks; k++) tick();
      var box = bounds(group);
      placed.push({ group: group, box: box, w: box.x1 - box.x0, h: box.y1 - box.y0 });
      area += (box.x1 - box.x0 + gap) * (box.y1 - box.y0 + gap);
    });
    alpha = 0;
    // shelf packing towards the shape of the drawing area
    var aspect = Math.max(0.5, width / Math.max(1, height - 60));
    var rowWidth = Math.max(Math.sqrt(area * aspect), placed.length ? placed[0].w : 0);
    var x = 0, y = 0, rowHeight = 0;
    placed.forEach(function (c) {
      if (x > 0 && x + c.w > rowWidth) { x = 0; y += rowHeight + gap; rowHeight = 0; }
      var dx = x - c.box.x0, dy = y - c.box.y0;
      c.group.forEach(function (n) { n.x += dx; n.y += dy; });
      x += c.w + gap; rowHeight = Math.max(rowHeight, c.h);
    });
  }

  // ---- view transform ---------------------------------------------------------------------------
  var view = { k: 1, x: 0, y: 0 }, width = 0, height = 0, ratio = 1;

  function resize() {
    ratio = window.devicePixelRatio || 1;
    width = canvas.clientWidth; height = canvas.clientHeight;
    canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
  }

  function fit() {
    if (!nodes.length) return;
    var box = bounds(nodes);
    var margin = 24, top = document.getElementById("kg-bar").offsetHeight + 12;  // the header overlays the canvas
    view.k = Math.min(1.15, (width - 2 * margin) / Math.max(1, box.x1 - box.x0),
                      (height - top - margin) / Math.max(1, box.y1 - box.y0));
    view.x = width / 2 - view.k * (box.x0 + box.x1) / 2;
    view.y = top + (height - top - margin) / 2 - view.k * (box.y0 + box.y1) / 2;
  }

  function toWorld(px, py) { return { x: (px - view.x) / view.k, y: (py - view.y) / view.k }; }

  // ---- drawing ----------------------------------------------------------------------------------
  var hover = null;          // { node } or { edge }
  var focus = null;          // the hovered node and its neighbours stay bright, the rest fades

  function controlPoint(e) {
    var sx = e.s.x, sy = e.s.y, tx = e.t.x, ty = e.t.y;
    var flip = e.s.i < e.t.i ? 1 : -1;
    var dx = (tx - sx) * flip, dy = (ty - sy) * flip, d = Math.sqrt(dx * dx + dy * dy) || 1;
    return { x: (sx + tx) / 2 - dy / d * e.bend * 2, y: (sy + ty) / 2 + dx / d * e.bend * 2 };
  }

  function edgeGeometry(e) {
    if (e.s === e.t) {
      var n = e.s, lift = n.r * 2.6;
      return { loop: true, cx: n.x, cy: n.y - lift, lx: n.x, ly: n.y - lift - n.r * 0.9, angle: 0 };
    }
    var c = controlPoint(e);
    // the label sits on the curve's midpoint; the arrow ends at the target's rim
    var mx = 0.25 * e.s.x + 0.5 * c.x + 0.25 * e.t.x, my = 0.25 * e.s.y + 0.5 * c.y + 0.25 * e.t.y;
    var ex = e.t.x - c.x, ey = e.t.y - c.y, ed = Math.sqrt(ex * ex + ey * ey) || 1;
    var angle = Math.atan2(e.t.y - e.s.y, e.t.x - e.s.x);
    if (angle > Math.PI / 2 || angle < -Math.PI / 2) angle += Math.PI;  // keep text upright
    return { c: c, mx: mx, my: my, ax: e.t.x - ex / ed * e.t.r, ay: e.t.y - ey / ed * e.t.r,
             ux: ex / ed, uy: ey / ed, angle: angle };
  }

  function faded(item) {
    if (!focus) return false;
    if (!item.s) return !focus.nodes.has(item);
    if (focus.center) return item.s !== focus.center && item.t !== focus.center;
    if (focus.edge) return item !== focus.edge;
    return !(focus.nodes.has(item.s) && focus.nodes.has(item.t));
  }

  function haloText(text, x, y, size, weight, color) {
    ctx.font = weight + " " + size + "px " + FONT;
    ctx.lineWidth = Math.max(2, size / 3.5);
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.lineJoin = "round";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
  }

  // Text keeps a readable size on screen whatever the zoom (at least `px` pixels): zoomed out to fit a
  // big graph, names would otherwise shrink to a few pixels.
  function worldSize(px, base) { return Math.max(base, px / view.k); }

  function overlaps(box, boxes) {
    for (var k = 0; k < boxes.length; k++) {
      var b = boxes[k];
      if (box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1) return true;
    }
    return false;
  }

  function draw() {
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.setTransform(ratio * view.k, 0, 0, ratio * view.k, ratio * view.x, ratio * view.y);
    var zoomedIn = view.k >= 0.65;
    var geometry = edges.map(edgeGeometry);

    edges.forEach(function (e, k) {
      var g = geometry[k];
      ctx.globalAlpha = faded(e) ? 0.12 : 1;
      ctx.strokeStyle = e.d.color;
      ctx.fillStyle = e.d.color;
      ctx.lineWidth = (hover && hover.edge === e ? 2 : 1) * e.d.width;
      ctx.beginPath();
      if (g.loop) {
        ctx.arc(g.cx, g.cy, e.s.r * 0.9, 0, 2 * Math.PI);
        ctx.stroke();
        return;
      }
      ctx.moveTo(e.s.x, e.s.y);
      ctx.quadraticCurveTo(g.c.x, g.c.y, g.ax - g.ux * 6, g.ay - g.uy * 6);
      ctx.stroke();
      var head = 5 + e.d.width * 1.5;
      ctx.beginPath();
      ctx.moveTo(g.ax, g.ay);
      ctx.lineTo(g.ax - g.ux * head - g.uy * head * 0.5, g.ay - g.uy * head + g.ux * head * 0.5);
      ctx.lineTo(g.ax - g.ux * head + g.uy * head * 0.5, g.ay - g.uy * head - g.ux * head * 0.5);
      ctx.closePath();
      ctx.fill();
    });

    nodes.forEach(function (n) {
      ctx.globalAlpha = faded(n) ? 0.15 : 1;
      ctx.beginPath();
      ctx.arc(n.x, n.y, n.r, 0, 2 * Math.PI);
      ctx.fillStyle = n.d.color;
      ctx.fill();
      ctx.lineWidth = hover && hover.node === n ? 3 : 1.5;
      ctx.strokeStyle = hover && hover.node === n ? "#2a2c34" : n.d.border;
      ctx.stroke();
    });

    // Labels: node names first (hubs first), then relationship captions, each where it overlaps nothing
    // already placed; whatever is left out shows on hover (the hovered node or edge and its neighbours).
    var placed = [], nodeLabels = 0, edgeLabels = 0, smallest = Infinity;
    ctx.globalAlpha = 1;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    var nodeOrder = focus && focus.center ? [focus.center].concat(ranked) : ranked;
    var done = new Set();
    nodeOrder.forEach(function (n) {
      if (done.has(n) || (focus && !focus.nodes.has(n))) return;
      done.add(n);
      var size = worldSize(n.degree >= 3 ? 12.5 : 11.5, 12.5);
      ctx.font = "600 " + size + "px " + FONT;
      var w = ctx.measureText(n.d.caption).width, top = n.y + n.r + 3 / view.k;
      var box = { x0: n.x - w / 2, x1: n.x + w / 2, y0: top, y1: top + size * 1.15 };
      var forced = focus && (focus.center === n || (focus.edge && focus.nodes.has(n)));
      if (!forced && overlaps(box, placed)) return;
      placed.push(box);
      nodeLabels++;
      smallest = Math.min(smallest, size * view.k);
      haloText(n.d.caption, n.x, top, size, "600", "#2a2c34");
    });

    ctx.textBaseline = "middle";
    var edgeOrder = edges.map(function (e, k) { return k; }).sort(function (a, b) {
      return (edges[b].d.type === "OUTPERFORMS") - (edges[a].d.type === "OUTPERFORMS") || a - b;
    });
    edgeOrder.forEach(function (k) {
      var e = edges[k], g = geometry[k];
      if (!e.d.caption || (focus && faded(e))) return;
      // the claims' own edges (OUTPERFORMS) carry the story; structural ones are labelled quietly, and
      // only when zoomed in or hovered
      var loud = e.d.type === "OUTPERFORMS";
      if (!loud && !zoomedIn && !focus) return;
      var size = worldSize(loud ? 10.5 : 10, loud ? 11 : 9);
      ctx.font = (loud ? "600 " : "normal ") + size + "px " + FONT;
      var cx = g.loop ? g.lx : g.mx, cy = g.loop ? g.ly : g.my;
      var cos = Math.abs(Math.cos(g.angle)), sin = Math.abs(Math.sin(g.angle)), h = size * 1.15;
      // the whole caption, else its first part ("by 3.4%" of "by 3.4% on HotpotQA") where that fits
      var texts = [e.d.caption], short = e.d.caption.split(" on ")[0];
      if (short !== e.d.caption) texts.push(short);
      var text = null, box = null;
      for (var t = 0; t < texts.length && text === null; t++) {
        var w = ctx.measureText(texts[t]).width, hw = (w * cos + h * sin) / 2, hh = (w * sin + h * cos) / 2;
        box = { x0: cx - hw, x1: cx + hw, y0: cy - hh, y1: cy + hh };
        if ((focus && focus.edge === e) || !overlaps(box, placed)) text = texts[t];
      }
      if (text === null) return;
      placed.push(box);
      edgeLabels++;
      ctx.save();
      ctx.translate(cx, cy);
      ctx.rotate(g.angle);
      haloText(text, 0, 0, size, loud ? "600" : "normal", loud ? "#a51d17" : "#7b818c");
      ctx.restore();
    });
    ctx.globalAlpha = 1;
    // for scripted checks: how many names and captions the last frame showed, and the smallest name's size
    // on screen (px)
    document.body.setAttribute("data-kg-labels", nodeLabels + " " + edgeLabels + " " +
                               (nodeLabels ? smallest.toFixed(1) : "0"));
  }

  // ---- interaction ------------------------------------------------------------------------------
  function nodeAt(p) {
    for (var k = nodes.length - 1; k >= 0; k--) {
      var n = nodes[k], dx = p.x - n.x, dy = p.y - n.y;
      if (dx * dx + dy * dy <= (n.r + 2) * (n.r + 2)) return n;
    }
    return null;
  }

  function edgeAt(p) {
    var best = null, bestD = 8 / view.k;
    edges.forEach(function (e) {
      var g = edgeGeometry(e);
      if (g.loop) return;
      for (var t = 0; t <= 1.0001; t += 0.05) {  // distance to the curve, sampled
        var u = 1 - t;
        var x = u * u * e.s.x + 2 * u * t * g.c.x + t * t * e.t.x;
        var y = u * u * e.s.y + 2 * u * t * g.c.y + t * t * e.t.y;
        var d = Math.sqrt((p.x - x) * (p.x - x) + (p.y - y) * (p.y - y));
        if (d < bestD) { bestD = d; best = e; }
      }
    });
    return best;
  }

  function setFocus(n, e) {
    if (!n && !e) { focus = null; return; }
    var set = new Set();
    if (n) {
      set.add(n);
      edges.forEach(function (x) { if (x.s === n) set.add(x.t); if (x.t === n) set.add(x.s); });
    } else { set.add(e.s); set.add(e.t); }
    focus = { nodes: set, center: n, edge: e };
  }

  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined) x.textContent = text;
    return x;
  }

  function showTip(item, px, py) {
    tip.textContent = "";
    var head, sub, rows;
    if (item.node) {
      head = item.node.d.title; sub = item.node.d.labels.join(" · "); rows = item.node.d.details;
    } else {
      var e = item.edge;
      head = e.s.d.caption + "  →  " + e.t.d.caption; sub = e.d.type; rows = e.d.details;
    }
    tip.appendChild(el("div", "kg-tip-head", head));
    tip.appendChild(el("div", "kg-tip-sub", sub));
    var table = el("table");
    rows.forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("th", "", row[0]));
      tr.appendChild(el("td", row[0] === "evidence" ? "kg-evidence" : "", row[1]));
      table.appendChild(tr);
    });
    if (rows.length) tip.appendChild(table);
    tip.style.display = "block";
    var w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.min(px + 16, window.innerWidth - w - 8) + "px";
    tip.style.top = Math.min(py + 16, window.innerHeight - h - 8) + "px";
  }

  function hideTip() { tip.style.display = "none"; }

  var drag = null, animating = false;
  function animate() {
    if (animating) return;
    animating = true;
    (function frame() {
      tick(); draw();
      if (alpha > 0.004 || drag) { window.requestAnimationFrame(frame); } else { animating = false; }
    })();
  }

  function pointer(ev) {
    var box = canvas.getBoundingClientRect();
    return { px: ev.clientX - box.left, py: ev.clientY - box.top };
  }

  canvas.addEventListener("mousedown", function (ev) {
    var p = pointer(ev), w = toWorld(p.px, p.py), n = nodeAt(w);
    drag = n ? { node: n } : { pan: true, px: p.px, py: p.py, vx: view.x, vy: view.y };
    if (n) {
      // only the dragged node's component moves, pulled towards where it is now
      active = groupsOf[n.i];
      var inGroup = new Set(active);
      activeEdges = edges.filter(function (e) { return inGroup.has(e.s); });
      centre = { x: 0, y: 0 };
      active.forEach(function (m) { centre.x += m.x / active.length; centre.y += m.y / active.length; });
      n.fixed = true; alpha = Math.max(alpha, 0.15); animate();
    }
    hideTip();
  });
  window.addEventListener("mouseup", function () {
    if (drag && drag.node) drag.node.fixed = false;
    drag = null;
  });
  canvas.addEventListener("mousemove", function (ev) {
    var p = pointer(ev), w = toWorld(p.px, p.py);
    if (drag && drag.node) {
      drag.node.x = w.x; drag.node.y = w.y; alpha = Math.max(alpha, 0.1);
      return;
    }
    if (drag && drag.pan) {
      view.x = drag.vx + p.px - drag.px; view.y = drag.vy + p.py - drag.py; draw();
      return;
    }
    var n = nodeAt(w), e = n ? null : edgeAt(w);
    var changed = (hover && (hover.node !== n || hover.edge !== e)) || (!hover && (n || e));
    hover = n ? { node: n } : e ? { edge: e } : null;
    if (changed) { setFocus(n, e); draw(); }
    canvas.style.cursor = n ? "grab" : e ? "help" : "default";
    if (hover) showTip(hover, ev.clientX, ev.clientY); else hideTip();
  });
  canvas.addEventListener("mouseleave", function () { hover = null; setFocus(null, null); hideTip(); draw(); });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = pointer(ev), factor = Math.exp(-ev.deltaY * 0.0015);
    var k = Math.min(8, Math.max(0.05, view.k * factor));
    view.x = p.px - (p.px - view.x) * k / view.k;
    view.y = p.py - (p.py - view.y) * k / view.k;
    view.k = k;
    draw();
  }, { passive: false });
  canvas.addEventListener("dblclick", function () { fit(); draw(); });
  document.getElementById("kg-fit").addEventListener("click", function () { fit(); draw(); });
  document.getElementById("kg-search").addEventListener("input", function (ev) {
    var q = ev.target.value.trim().toLowerCase();
    if (!q) { setFocus(null, null); draw(); return; }
    var set = new Set(nodes.filter(function (n) { return n.d.title.toLowerCase().indexOf(q) >= 0; }));
    focus = { nodes: set, center: null, edge: null };
    draw();
  });
  window.addEventListener("resize", function () { resize(); fit(); draw(); });

  // ---- header: counts, legend, notes ------------------------------------------------------------
  function header() {
    document.getElementById("kg-title").textContent = data.title;
    document.title = data.title + " - claims-kg";
    document.getElementById("kg-subtitle").textContent = data.subtitle;
    document.getElementById("kg-counts").textContent =
      nodes.length + " nodes, " + edges.length + " relationships";
    var legend = document.getElementById("kg-legend");
    data.legend.forEach(function (item) {
      var chip = el("span", "kg-chip");
      var dot = el("span", "kg-dot");
      dot.style.background = item.color;
      chip.appendChild(dot);
      chip.appendChild(document.createTextNode(item.label + " " + item.count));
      legend.appendChild(chip);
    });
    var notes = document.getElementById("kg-notes");
    data.notes.forEach(function (note) { notes.appendChild(el("div", "kg-note", note)); });
    if (!nodes.length) notes.appendChild(el("div", "kg-note", "The query returned nothing to draw."));
  }

  header();
  resize();
  var started = Date.now();
  settle();
  document.body.setAttribute("data-kg-layout-ms", String(Date.now() - started));
  fit();
  draw();
  document.body.setAttribute("data-kg-ready", String(nodes.length));
  // For scripted checks (and the curious, from the console): where things are drawn, in page pixels.
  window.kgView = {
    nodes: nodes.map(function (n) { return { id: n.d.id, caption: n.d.caption, x: view.x + n.x * view.k, y: view.y + n.y * view.k }; }),
    edges: edges.map(function (e) {
      var g = edgeGeometry(e);
      return { id: e.d.id, type: e.d.type, caption: e.d.caption, x: view.x + g.mx * view.k, y: view.y + g.my * view.k };
    })
  };
})();
