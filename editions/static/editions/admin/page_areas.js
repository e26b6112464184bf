/*
 * Page admin: draw each story's area on the page image.
 *
 * For every story row of the inline "本版稿件" this adds two buttons: one to
 * drag a rectangle on the page image, which fills the row's four area fields
 * (fractions of the image's width and height, rounded to 4 decimals), and one
 * to empty them. Existing areas are drawn on the image. Nothing is saved here:
 * the normal admin form is submitted and the server validates the numbers.
 */
"use strict";

(function () {
  const SIDES = ["left", "top", "width", "height"];
  const MIN_SIZE = 0.005;

  function round4(value) {
    return Math.round(Math.min(1, Math.max(0, value)) * 10000) / 10000;
  }

  function storyRows() {
    return Array.from(document.querySelectorAll("input[name$='-area_left']")).map(function (leftInput, index) {
      const prefix = leftInput.name.slice(0, -"area_left".length);
      const row = leftInput.closest("tr") || leftInput.closest(".inline-related");
      const inputs = {};
      SIDES.forEach(function (side) {
        inputs[side] = document.querySelector("input[name='" + prefix + "area_" + side + "']");
      });
      const headlineCell = row && row.querySelector(".field-headline");
      const headline = headlineCell ? headlineCell.textContent.trim().replace(/\s+/g, " ") : "第" + (index + 1) + "篇";
      return { index: index, row: row, inputs: inputs, headline: headline };
    });
  }

  function areaOf(story) {
    const values = SIDES.map(function (side) {
      const text = story.inputs[side].value.trim();
      return text === "" ? NaN : Number(text);
    });
    if (values.some(function (v) { return Number.isNaN(v); })) {
      return null;
    }
    return { left: values[0], top: values[1], width: values[2], height: values[3] };
  }

  function setArea(story, area) {
    SIDES.forEach(function (side) {
      const input = story.inputs[side];
      input.value = area ? String(area[side]) : "";
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function place(box, area) {
    box.style.left = area.left * 100 + "%";
    box.style.top = area.top * 100 + "%";
    box.style.width = area.width * 100 + "%";
    box.style.height = area.height * 100 + "%";
  }

  function init() {
    const editor = document.querySelector(".page-area-editor");
    if (!editor) {
      return;
    }
    const canvas = editor.querySelector(".page-area-editor__canvas");
    const status = editor.querySelector(".page-area-editor__status");
    const stories = storyRows();
    let drawingFor = null;
    let start = null;
    let draft = null;

    function redraw() {
      canvas.querySelectorAll(".page-area-editor__area").forEach(function (box) { box.remove(); });
      stories.forEach(function (story) {
        const area = areaOf(story);
        if (!area) {
          return;
        }
        const box = document.createElement("div");
        box.className = "page-area-editor__area";
        box.title = story.headline;
        box.dataset.story = String(story.index + 1);
        const label = document.createElement("span");
        label.className = "page-area-editor__label";
        label.textContent = story.headline;
        box.appendChild(label);
        place(box, area);
        canvas.appendChild(box);
      });
    }

    function say(message) {
      status.textContent = message;
    }

    function stopDrawing(message) {
      if (drawingFor) {
        drawingFor.row.classList.remove("page-area-editor__row--active");
      }
      drawingFor = null;
      start = null;
      if (draft) {
        draft.remove();
        draft = null;
      }
      canvas.classList.remove("page-area-editor__canvas--drawing");
      if (message) {
        say(message);
      }
    }

    function fractionAt(event) {
      const rect = canvas.getBoundingClientRect();
      return {
        x: Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)),
        y: Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height)),
      };
    }

    function areaBetween(a, b) {
      const left = round4(Math.min(a.x, b.x));
      const top = round4(Math.min(a.y, b.y));
      return {
        left: left,
        top: top,
        width: round4(Math.min(Math.abs(a.x - b.x), 1 - left)),
        height: round4(Math.min(Math.abs(a.y - b.y), 1 - top)),
      };
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (!drawingFor) {
        return;
      }
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      start = fractionAt(event);
      draft = document.createElement("div");
      draft.className = "page-area-editor__area page-area-editor__area--draft";
      place(draft, areaBetween(start, start));
      canvas.appendChild(draft);
    });

    canvas.addEventListener("pointermove", function (event) {
      if (drawingFor && start && draft) {
        place(draft, areaBetween(start, fractionAt(event)));
      }
    });

    canvas.addEventListener("pointerup", function (event) {
      if (!drawingFor || !start) {
        return;
      }
      const area = areaBetween(start, fractionAt(event));
      const story = drawingFor;
      if (area.width < MIN_SIZE || area.height < MIN_SIZE) {
        stopDrawing("矩形太小，请按住鼠标拖出稿件所在的区域。");
        return;
      }
      setArea(story, area);
      stopDrawing("已填入热区：" + story.headline + "。保存后生效。");
      redraw();
      story.row.classList.add("page-area-editor__row--changed");
      story.row.scrollIntoView({ block: "center" });
    });

    editor.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawingFor) {
        stopDrawing("已取消画热区。");
      }
    });

    function toolButton(modifier, label, onClick) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button " + modifier;
      button.textContent = label;
      button.addEventListener("click", onClick);
      return button;
    }

    stories.forEach(function (story) {
      const cell = story.inputs.height.closest("td") || story.inputs.height.parentElement;
      const tools = document.createElement("div");
      tools.className = "page-area-editor__tools";
      const draw = toolButton("page-area-editor__draw", "在版面图上画热区", function () {
        stopDrawing();
        drawingFor = story;
        story.row.classList.add("page-area-editor__row--active");
        canvas.classList.add("page-area-editor__canvas--drawing");
        say("正在画热区：" + story.headline + "。在版面图上按住鼠标拖出矩形，按 Esc 取消。");
        editor.scrollIntoView({ block: "start" });
        editor.focus({ preventScroll: true });
      });
      const clear = toolButton("page-area-editor__clear", "清除", function () {
        stopDrawing();
        setArea(story, null);
        redraw();
        say("已清除热区：" + story.headline + "。保存后生效。");
      });
      tools.append(draw, " ", clear);
      cell.appendChild(tools);
      SIDES.forEach(function (side) {
        story.inputs[side].addEventListener("input", redraw);
      });
    });

    redraw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
