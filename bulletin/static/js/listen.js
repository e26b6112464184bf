/*
 * 听新闻: the browser reads the story aloud in Chinese, the headline first, then the text, one sentence at a time,
 * marking the sentence being read (CSS Custom Highlight API, so the story's HTML is never rewritten).
 *
 * Only the browser's own speechSynthesis, and only with a voice on this device (localService): the text never
 * leaves it. No Chinese voice, or no speechSynthesis: the control stays hidden. Sentences end at 。！？；
 * (with any closing quote or bracket after them) and at the end of each line: a headline line, a paragraph,
 * a heading, a list item, a <br>.
 */
(function () {
  "use strict";
  var panel = document.querySelector("[data-listen]");
  var synth = window.speechSynthesis;
  var Utterance = window.SpeechSynthesisUtterance;
  if (!panel || !synth || !Utterance) return;

  var HIGHLIGHT = "listen-sentence";
  var LINES = "p, h1, h2, h3, h4, h5, h6, li, dt, dd, figcaption, blockquote, td, th, .headline__line";
  var ENDS = "。！？；!?;";
  var CLOSERS = "”’」』）》】〕)\"'";
  var LABELS = { stopped: "听新闻", playing: "暂停", paused: "继续" };
  var STATUS = { playing: "正在朗读", paused: "已暂停", stopped: "已停止", finished: "已读完" };

  var playButton = panel.querySelector("[data-listen-play]");
  var stopButton = panel.querySelector("[data-listen-stop]");
  var status = panel.querySelector("[data-listen-status]");
  var canHighlight = !!(window.CSS && CSS.highlights && typeof window.Highlight === "function");

  var voice = null;
  var sentences = [];
  var state = "stopped";
  var reading = 0; // which reading an utterance's events belong to: a stopped one's late events are ignored

  function languageRank(candidate) {
    var lang = String(candidate.lang || "").replace(/_/g, "-").toLowerCase();
    if (lang.indexOf("zh") !== 0 || candidate.localService === false) return 0;
    if (lang === "zh-cn" || lang.indexOf("zh-hans-cn") === 0) return 4;
    if (lang === "zh" || lang.indexOf("zh-hans") === 0) return 3;
    if (lang === "zh-sg") return 2;
    return 1; // zh-TW, zh-HK…: still Chinese, read in another accent
  }

  function chineseVoice() {
    var best = null;
    (synth.getVoices() || []).forEach(function (candidate) {
      if (languageRank(candidate) > (best ? languageRank(best) : 0)) best = candidate;
    });
    return best;
  }

  function shown(node) {
    var element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return !(element && element.closest("script, style, [hidden], [aria-hidden='true'], .visually-hidden"));
  }

  /* Each sentence as its text and the Range it covers in the page (across <strong>, <a>… within one line). */
  function readSentences(roots) {
    var found = [];
    var current = null;

    function finish() {
      if (current) {
        var text = current.text.replace(/\s+/g, " ").trim();
        if (text) {
          var range = document.createRange();
          range.setStart(current.startNode, current.startOffset);
          range.setEnd(current.endNode, current.endOffset);
          found.push({ text: text, range: range });
        }
      }
      current = null;
    }

    roots.forEach(function (root) {
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (var node = walker.currentNode; node; node = walker.nextNode()) {
        if (node.nodeType === Node.ELEMENT_NODE) {
          if (node.tagName === "BR") finish();
          continue;
        }
        if (!shown(node)) continue;
        var line = node.parentElement.closest(LINES) || root;
        if (current && current.line !== line) finish();
        var text = node.data;
        for (var i = 0; i < text.length; i++) {
          if (!current) {
            if (/\s/.test(text[i])) continue;
            current = { line: line, startNode: node, startOffset: i, text: "" };
          }
          current.text += text[i];
          current.endNode = node;
          current.endOffset = i + 1;
          if (ENDS.indexOf(text[i]) !== -1) {
            while (i + 1 < text.length && (CLOSERS + ENDS).indexOf(text[i + 1]) !== -1) {
              i += 1;
              current.text += text[i];
              current.endOffset = i + 1;
            }
            finish();
          }
        }
      }
      finish(); // the end of the headline, the end of the text
    });
    return found;
  }

  function storyParts() {
    return [panel.getAttribute("data-listen-headline"), panel.getAttribute("data-listen-body")]
      .map(function (selector) { return document.querySelector(selector); })
      .filter(Boolean);
  }

  function mark(sentence) {
    if (!canHighlight) return;
    CSS.highlights.set(HIGHLIGHT, new Highlight(sentence.range));
    var box = sentence.range.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) window.scrollBy(0, box.top - window.innerHeight / 3);
  }

  function unmark() {
    if (canHighlight) CSS.highlights.delete(HIGHLIGHT);
  }

  function show(newState, message) {
    state = newState;
    panel.setAttribute("data-state", newState);
    playButton.textContent = LABELS[newState];
    stopButton.disabled = newState === "stopped";
    status.textContent = message || STATUS[newState];
  }

  function speak(index, thisReading) {
    if (thisReading !== reading) return;
    if (index >= sentences.length) {
      unmark();
      show("stopped", STATUS.finished);
      return;
    }
    var utterance = new Utterance(sentences[index].text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = document.documentElement.getAttribute("data-reading-mode") === "elder" ? 0.85 : 1;
    utterance.onstart = function () {
      if (thisReading === reading) mark(sentences[index]);
    };
    utterance.onend = function () {
      speak(index + 1, thisReading);
    };
    utterance.onerror = function (event) {
      if (thisReading !== reading || event.error === "interrupted" || event.error === "canceled") return;
      stop("朗读出错，已停止");
    };
    synth.speak(utterance);
  }

  function start() {
    sentences = readSentences(storyParts());
    if (!sentences.length) return;
    reading += 1;
    synth.cancel(); // anything another page left queued
    show("playing");
    speak(0, reading);
  }

  function stop(message) {
    reading += 1;
    synth.cancel();
    if (synth.paused) synth.resume(); // Chromium stays paused after cancel(), and would never read again
    unmark();
    show("stopped", message || STATUS.stopped);
  }

  playButton.addEventListener("click", function () {
    if (state === "stopped") {
      start();
    } else if (state === "playing") {
      synth.pause();
      show("paused");
    } else {
      synth.resume();
      show("playing");
    }
  });
  stopButton.addEventListener("click", function () {
    stop();
    playButton.focus(); // the stop button is now disabled: keep the keyboard's place on the panel
  });
  window.addEventListener("pagehide", function () {
    if (state !== "stopped") stop();
  });

  function findVoice() {
    voice = chineseVoice();
    panel.hidden = !voice;
    if (!voice && state !== "stopped") stop();
  }
  findVoice();
  // Voices arrive late in several browsers (Chromium among them): look again when the list changes.
  if (typeof synth.addEventListener === "function") synth.addEventListener("voiceschanged", findVoice);
  else synth.onvoiceschanged = findVoice;
})();
