// round2 web UI: optional enhancements only. Every form works without this
// file; it adds the practice countdown timer and keyboard shortcuts.
(function () {
  "use strict";

  function mmss(s) {
    var sign = s < 0 ? "-" : "";
    s = Math.abs(s);
    return sign + Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  // Practice timer: counts down from the question's target speaking time,
  // then into overtime. Screen readers hear only the milestones.
  var timer = document.querySelector("[data-timer]");
  var toggleTimer = function () {};
  if (timer) {
    var total = parseInt(timer.getAttribute("data-seconds"), 10) || 60;
    var left = total, handle = null;
    var display = document.getElementById("timer-display");
    var status = document.getElementById("timer-status");
    var toggle = document.getElementById("timer-toggle");
    var reset = document.getElementById("timer-reset");
    var show = function () {
      display.textContent = mmss(left);
      display.classList.toggle("over", left < 0);
    };
    var say = function (text) { status.textContent = text; };
    var tick = function () {
      left -= 1;
      show();
      if (left === 30) say("30 seconds left");
      if (left === 0) say("Time is up");
    };
    toggleTimer = function () {
      if (handle) {
        clearInterval(handle); handle = null;
        toggle.textContent = "Start timer"; say("Timer paused at " + mmss(left));
      } else {
        handle = setInterval(tick, 1000);
        toggle.textContent = "Pause timer"; say("Timer started: " + mmss(left));
      }
    };
    toggle.addEventListener("click", toggleTimer);
    // The answer carries the time the timer ran (overtime included).
    var answerForm = document.getElementById("answer-form");
    var secondsField = document.getElementById("answer-seconds");
    if (answerForm && secondsField) {
      answerForm.addEventListener("submit", function () {
        if (left !== total) { secondsField.value = String(total - left); }
      });
    }
    reset.addEventListener("click", function () {
      if (handle) { clearInterval(handle); handle = null; toggle.textContent = "Start timer"; }
      left = total; show(); say("Timer reset");
    });
    timer.hidden = false;
    show();
  }

  // Round dates: send the browser's UTC offset for the picked date, so a
  // date is read in the candidate's zone, not the server's.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var date = form.querySelector && form.querySelector("input[type=datetime-local][name=date]");
    var tz = form.querySelector && form.querySelector("input[name=tz]");
    if (date && tz && date.value) {
      var d = new Date(date.value);
      if (!isNaN(d.getTime())) { tz.value = String(-d.getTimezoneOffset()); }
    }
  });

  var feedback = document.getElementById("feedback");
  if (feedback) { feedback.focus(); }

  // Keyboard shortcuts.
  var help = null;
  function toggleHelp() {
    if (help) { help.remove(); help = null; return; }
    help = document.createElement("section");
    help.id = "shortcuts";
    help.setAttribute("role", "dialog");
    help.setAttribute("aria-label", "Keyboard shortcuts");
    help.innerHTML =
      "<h2>Keyboard shortcuts</h2><ul>" +
      "<li><kbd>?</kbd> show or hide this list</li>" +
      "<li><kbd>g</kbd> then <kbd>h</kbd> opportunities, <kbd>s</kbd> stories, <kbd>p</kbd> practice</li>" +
      "<li><kbd>t</kbd> start or pause the practice timer</li>" +
      "<li><kbd>n</kbd> next practice question</li>" +
      "<li><kbd>1</kbd>–<kbd>4</kbd> rate an answer again, hard, good, easy</li>" +
      "<li><kbd>Ctrl</kbd>+<kbd>Enter</kbd> in a text box: submit its form</li>" +
      "<li><kbd>Esc</kbd> close this list</li></ul>";
    document.body.appendChild(help);
  }

  var pendingG = false;
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
    if (typing) {
      if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && t.form) {
        e.preventDefault();
        if (t.form.requestSubmit) { t.form.requestSubmit(); } else { t.form.submit(); }
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (pendingG) {
      pendingG = false;
      var to = { h: "/", s: "/stories", p: "/practice" }[e.key];
      if (to) { e.preventDefault(); location.href = to; }
      return;
    }
    if (e.key === "g") { pendingG = true; return; }
    if (e.key === "?") { e.preventDefault(); toggleHelp(); return; }
    if (e.key === "Escape" && help) { toggleHelp(); return; }
    if (e.key === "t" && timer) { e.preventDefault(); toggleTimer(); return; }
    if (e.key === "n") {
      var next = document.querySelector("[data-shortcut=next]");
      if (next) { e.preventDefault(); next.click(); }
      return;
    }
    if (/^[1-4]$/.test(e.key)) {
      var b = document.querySelector("#rate button[data-key='" + e.key + "']");
      if (b) { e.preventDefault(); b.click(); }
    }
  });
})();

// Copy buttons on the follow-up page: hidden without JavaScript (the text
// can be selected by hand), shown and wired here.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-copy]");
  Array.prototype.forEach.call(buttons, function (b) {
    var target = document.getElementById(b.getAttribute("data-copy"));
    if (!target || !navigator.clipboard) { return; }
    b.hidden = false;
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(target.value).then(function () {
        b.textContent = "Copied";
        setTimeout(function () { b.textContent = "Copy text"; }, 2000);
      });
    });
  });
})();

// Answer aloud: the practice page's record button. The microphone's
// samples are taken by an AudioWorklet (recorder.js), written as a 16-bit
// WAV file, put in the upload field and sent with the form, so the server
// transcribes it exactly as an uploaded recording. Without a microphone,
// or in a browser without AudioWorklet, the button stays hidden and the
// upload field works as before.
(function () {
  "use strict";
  var box = document.getElementById("recorder");
  if (!box || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia ||
      !window.AudioWorkletNode || !window.DataTransfer) { return; }
  var form = document.getElementById("audio-form");
  var input = document.getElementById("audio");
  var button = document.getElementById("record");
  var time = document.getElementById("rec-time");
  var level = document.getElementById("rec-level");
  var status = document.getElementById("rec-status");
  var LIMIT = 300; // seconds: the longest answer the server transcribes
  var ctx = null, stream = null, source = null, node = null, sink = null;
  var blocks = [], started = 0, tick = null;
  box.hidden = false;

  function say(text) { status.textContent = text; }
  function mmss(s) { return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0"); }

  function wav(samples, rate) {
    var n = samples.length, buf = new ArrayBuffer(44 + n * 2), v = new DataView(buf);
    function text(at, s) { for (var i = 0; i < s.length; i++) { v.setUint8(at + i, s.charCodeAt(i)); } }
    text(0, "RIFF"); v.setUint32(4, 36 + n * 2, true); text(8, "WAVE");
    text(12, "fmt "); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
    v.setUint32(24, rate, true); v.setUint32(28, rate * 2, true); v.setUint16(32, 2, true); v.setUint16(34, 16, true);
    text(36, "data"); v.setUint32(40, n * 2, true);
    for (var i = 0; i < n; i++) {
      var x = Math.max(-1, Math.min(1, samples[i]));
      v.setInt16(44 + i * 2, x < 0 ? x * 32768 : x * 32767, true);
    }
    return new Blob([buf], { type: "audio/wav" });
  }

  function start() {
    button.disabled = true;
    // No echo cancelling or noise suppression: they smear the speech the
    // model is to hear (nothing plays while recording), and Whisper copes
    // with a room's noise itself.
    var want = { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: true };
    navigator.mediaDevices.getUserMedia({ audio: want }).then(function (s) {
      stream = s;
      ctx = new AudioContext();
      return ctx.audioWorklet.addModule("/assets/recorder.js");
    }).then(function () {
      source = ctx.createMediaStreamSource(stream);
      node = new AudioWorkletNode(ctx, "round2-recorder");
      // A silent sink keeps the worklet pulled without playing anything.
      sink = ctx.createGain();
      sink.gain.value = 0;
      blocks = [];
      node.port.onmessage = function (e) {
        var b = e.data, sum = 0;
        blocks.push(b);
        for (var i = 0; i < b.length; i++) { sum += b[i] * b[i]; }
        level.value = Math.min(1, Math.sqrt(sum / Math.max(1, b.length)) * 4);
      };
      source.connect(node); node.connect(sink); sink.connect(ctx.destination);
      started = Date.now();
      tick = setInterval(function () {
        var s = Math.floor((Date.now() - started) / 1000);
        time.textContent = mmss(s);
        if (s >= LIMIT) { stop(); }
      }, 250);
      button.textContent = "Stop and transcribe";
      button.disabled = false;
      button.setAttribute("aria-pressed", "true");
      say("Recording: answer the question, then press Stop.");
    }).catch(function (e) {
      button.disabled = false;
      say("The microphone could not be used (" + (e && e.message ? e.message : e) +
          "). Type your answer, or choose a recording below.");
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    });
  }

  function stop() {
    if (!ctx) { return; }
    clearInterval(tick);
    stream.getTracks().forEach(function (t) { t.stop(); });
    source.disconnect(); node.disconnect(); sink.disconnect();
    var rate = ctx.sampleRate;
    ctx.close(); ctx = null;
    var n = 0;
    blocks.forEach(function (b) { n += b.length; });
    if (n < rate / 4) { say("Nothing was recorded: check the microphone and try again."); button.textContent = "Record your answer"; return; }
    var all = new Float32Array(n), at = 0;
    blocks.forEach(function (b) { all.set(b, at); at += b.length; });
    var files = new DataTransfer();
    files.items.add(new File([wav(all, rate)], "answer.wav", { type: "audio/wav" }));
    input.files = files.files;
    button.disabled = true;
    button.removeAttribute("aria-pressed");
    button.textContent = "Transcribing…";
    say("Transcribing on this machine: this takes a few seconds.");
    form.submit();
  }

  button.addEventListener("click", function () { if (ctx) { stop(); } else { start(); } });
})();
