// xpush console: the little script the pages need (no build step, no CDN; CSP allows only 'self').
// 1. Every htmx request carries the session's CSRF token (the server refuses changes without it).
// 2. The dashboard's figures and chart follow the server-sent events of /events.
(function () {
  "use strict";

  document.addEventListener("htmx:configRequest", function (e) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) e.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
  });

  var SERIES = [
    { key: "acceptedPerMinute", color: "#2563eb", axis: "rate" },
    { key: "deliveredPerMinute", color: "#d97706", axis: "rate" },
    { key: "acknowledgedPerMinute", color: "#059669", axis: "rate" },
    { key: "connections", color: "#9333ea", axis: "count" }
  ];
  var WINDOW_MS = 10 * 60 * 1000;

  function bytes(n) {
    var units = ["B", "KiB", "MiB", "GiB", "TiB"], u = 0;
    while (n >= 1024 && u < units.length - 1) { n /= 1024; u++; }
    return (u === 0 || n >= 100 ? n.toFixed(0) : n.toFixed(1)) + " " + units[u];
  }

  function duration(s) {
    if (s >= 86400) return Math.floor(s / 86400) + " d " + Math.floor((s % 86400) / 3600) + " h";
    if (s >= 3600) return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min";
    if (s >= 60) return Math.floor(s / 60) + " min " + (s % 60) + " s";
    return s + " s";
  }

  function setFigure(name, text) {
    var el = document.querySelector('[data-figure="' + name + '"]');
    if (el) el.textContent = text;
  }

  function showFigures(f) {
    setFigure("uptime", duration(f.uptimeSeconds));
    setFigure("connections", String(f.connections));
    setFigure("accepted", String(f.acceptedPerMinute));
    setFigure("delivered", String(f.deliveredPerMinute));
    setFigure("acknowledged", String(f.acknowledgedPerMinute));
    setFigure("latency", f.latencyMillis < 0 ? "–" : Math.round(f.latencyMillis) + " ms");
    setFigure("memory", bytes(f.heapUsed) + " of " + bytes(f.heapMax));
  }

  function niceMax(v) {
    if (v <= 5) return 5;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }

  function draw(canvas, points) {
    var ratio = window.devicePixelRatio || 1;
    var w = canvas.clientWidth || canvas.width, h = canvas.clientHeight || canvas.height;
    canvas.width = w * ratio; canvas.height = h * ratio;
    var g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    var style = getComputedStyle(canvas);
    var ink = style.color || "#333";
    var left = 44, right = 44, top = 10, bottom = 24;
    var pw = w - left - right, ph = h - top - bottom;
    var now = points.length ? points[points.length - 1].time : Date.now();
    var maxRate = 0, maxCount = 0;
    points.forEach(function (p) {
      maxRate = Math.max(maxRate, p.acceptedPerMinute, p.deliveredPerMinute, p.acknowledgedPerMinute);
      maxCount = Math.max(maxCount, p.connections);
    });
    maxRate = niceMax(maxRate); maxCount = niceMax(maxCount);
    g.font = "12px system-ui, sans-serif";
    g.fillStyle = ink; g.strokeStyle = ink; g.globalAlpha = 0.25; g.lineWidth = 1;
    for (var i = 0; i <= 4; i++) {
      var y = top + ph - ph * i / 4;
      g.beginPath(); g.moveTo(left, y); g.lineTo(left + pw, y); g.stroke();
    }
    g.globalAlpha = 1;
    g.textAlign = "right";
    g.fillText(String(maxRate), left - 6, top + 10);
    g.fillText("0", left - 6, top + ph);
    g.textAlign = "left";
    g.fillStyle = SERIES[3].color;
    g.fillText(String(maxCount), left + pw + 6, top + 10);
    g.fillText("0", left + pw + 6, top + ph);
    g.fillStyle = ink; g.textAlign = "center";
    g.fillText("−10 min", left + 24, h - 6);
    g.fillText("now", left + pw - 12, h - 6);
    SERIES.forEach(function (s) {
      var max = s.axis === "rate" ? maxRate : maxCount;
      g.strokeStyle = s.color; g.lineWidth = 2; g.beginPath();
      var started = false;
      points.forEach(function (p) {
        var x = left + pw - pw * (now - p.time) / WINDOW_MS;
        if (x < left) return;
        var y = top + ph - ph * p[s.key] / max;
        if (started) g.lineTo(x, y); else { g.moveTo(x, y); started = true; }
      });
      g.stroke();
    });
  }

  function dashboard() {
    var box = document.getElementById("figures");
    var canvas = document.getElementById("chart");
    if (!box || !canvas || !window.EventSource) return;
    var points = [];
    var live = document.getElementById("live");
    var source = new EventSource(box.getAttribute("data-events"));
    source.addEventListener("history", function (e) {
      points = JSON.parse(e.data).points;
      if (points.length) showFigures(points[points.length - 1]);
      draw(canvas, points);
      if (live) live.textContent = "live";
    });
    source.addEventListener("figures", function (e) {
      var f = JSON.parse(e.data);
      points.push(f);
      while (points.length && points[0].time < f.time - WINDOW_MS) points.shift();
      showFigures(f);
      draw(canvas, points);
      if (live) live.textContent = "live";
    });
    source.onerror = function () { if (live) live.textContent = "reconnecting…"; };
    window.addEventListener("resize", function () { draw(canvas, points); });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", dashboard);
  else dashboard();
})();
