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
