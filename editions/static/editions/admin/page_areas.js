/*
 * Page admin: draw each story's area on the page image, as a rectangle or a polygon.
 *
 * Every story row of the inline "本版稿件" gets a button that chooses the story
 * ("在版面图上画热区") and one that empties its area ("清除"). With a story
 * chosen, the editor drags a rectangle (mode 矩形) or clicks out a polygon
 * (mode 多边形). The chosen story's area shows handles: drag a vertex, click
 * an edge to add one there, or use the keyboard (Tab to a vertex, arrow keys
 * to move it, Delete to remove it, + to add one after it). Every story's area
 * is drawn faintly, so the editor sees the whole page.
 *
 * What is drawn goes into the row's fields: the polygon as JSON in the hidden
 * area_polygon input and its bounding box in the four rectangle fields
 * (fractions of the image, 4 decimals), so that the server's check
 * (Article.clean, articles/areas.py) finds them in agreement; a plain
 * rectangle is the four fields alone. Nothing is saved here: the admin form is
 * submitted as usual and the server validates everything.
 *
 * The admin's CSP allows no inline script, and the markup carries no inline
 * style: positions are set through the CSSOM (element.style) and SVG geometry.
 */
"use strict";

(function () {
  const SIDES = ["left", "top", "width", "height"];
  const MIN_SIZE = 0.005; // a smaller rectangle is a slip of the mouse, not a story
  const MAX_POINTS = 400; // as articles/areas.py
  const STEP = 0.002; // an arrow key moves a vertex this far (a pixel or so); with Shift, ten times as far
  const CLOSE_PX = 10; // a click this near the first vertex closes the polygon
  const SAME_PX = 4; // a click this near the last vertex is the second half of a double-click
  const EDGE_PX = 6; // a click this near an edge adds a vertex there...
  const VERTEX_PX = 8; // ...unless it is this near a vertex, which its handle is for
  const MOVED_PX = 2; // a handle pressed and released within this is selected, not moved
  const SVG_NS = "http://www.w3.org/2000/svg";

  function clamp01(value) {
    return Math.min(1, Math.max(0, value));
  }

  function round4(value) {
    return Math.round(clamp01(value) * 10000) / 10000;
  }

  function percent(value) {
    return (value * 100).toFixed(1) + "%";
  }

  function boundingBox(points) {
    const xs = points.map(function (p) { return p[0]; });
    const ys = points.map(function (p) { return p[1]; });
    const left = Math.min.apply(null, xs);
    const top = Math.min.apply(null, ys);
    return {
      left: round4(left),
      top: round4(top),
      width: round4(Math.max.apply(null, xs) - left),
      height: round4(Math.max.apply(null, ys) - top),
    };
  }

  function corners(area) {
    const right = round4(area.left + area.width);
    const bottom = round4(area.top + area.height);
    return [[area.left, area.top], [right, area.top], [right, bottom], [area.left, bottom]];
  }

  // Four corners going round an upright rectangle: stored as the four fields alone, no outline needed.
  function isRectangle(points) {
    if (points.length !== 4) {
      return false;
    }
    const xs = new Set(points.map(function (p) { return p[0]; }));
    const ys = new Set(points.map(function (p) { return p[1]; }));
    return xs.size === 2 && ys.size === 2 && points.every(function (p, i) {
      const next = points[(i + 1) % 4];
      return (p[0] === next[0]) !== (p[1] === next[1]);
    });
  }

  function sameBox(a, b) {
    return SIDES.every(function (side) { return Math.abs(a[side] - b[side]) <= 1e-4; });
  }

  // The hidden input's JSON, if it is an outline this script can draw (the server has the last word).
  function parsePoints(text) {
    let value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return null;
    }
    if (!Array.isArray(value) || value.length < 3 || value.length > MAX_POINTS) {
      return null;
    }
    const drawable = value.every(function (p) {
      return Array.isArray(p) && p.length === 2 && p.every(function (c) {
        return typeof c === "number" && c >= 0 && c <= 1;
      });
    });
    return drawable ? value.map(function (p) { return [p[0], p[1]]; }) : null;
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
      // innerText keeps the line break (<br>) between a headline's two lines as a space, as headline_text does.
      const headline = headlineCell
        ? (headlineCell.innerText || headlineCell.textContent).trim().replace(/\s+/g, " ")
        : "第" + (index + 1) + "篇";
      return {
        index: index,
        row: row,
        inputs: inputs,
        polygon: document.querySelector("input[name='" + prefix + "area_polygon']"),
        headline: headline,
      };
    });
  }

  function rectangleOf(story) {
    const values = SIDES.map(function (side) {
      const text = story.inputs[side].value.trim();
      return text === "" ? NaN : Number(text);
    });
    if (values.some(function (v) { return Number.isNaN(v); })) {
      return null;
    }
    return { left: values[0], top: values[1], width: values[2], height: values[3] };
  }

  // The story's area as the server will see it: its outline while the rectangle fields still bound it.
  function areaOf(story) {
    const box = rectangleOf(story);
    const polygon = story.polygon ? parsePoints(story.polygon.value) : null;
    if (polygon && (!box || sameBox(boundingBox(polygon), box))) {
      return polygon;
    }
    return box ? corners(box) : null;
  }

  function setValue(input, value) {
    input.value = value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // The outline and its bounding box together, as articles.areas.set_area does on the server.
  function writeArea(story, points) {
    const box = points ? boundingBox(points) : null;
    SIDES.forEach(function (side) {
      setValue(story.inputs[side], box ? String(box[side]) : "");
    });
    if (story.polygon) {
      setValue(story.polygon, points && !isRectangle(points) ? JSON.stringify(points) : "");
    }
    story.row.classList.add("page-area-editor__row--changed");
  }

  function place(element, point) {
    element.style.left = point[0] * 100 + "%";
    element.style.top = point[1] * 100 + "%";
  }

  function svgElement(name, attributes) {
    const element = document.createElementNS(SVG_NS, name);
    Object.keys(attributes).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    return element;
  }

  function svgPoints(points) {
    return points.map(function (p) { return (p[0] * 100).toFixed(3) + "," + (p[1] * 100).toFixed(3); }).join(" ");
  }

  function button(className, label, onClick) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  function init() {
    const editor = document.querySelector(".page-area-editor");
    if (!editor) {
      return;
    }
    const canvas = editor.querySelector(".page-area-editor__canvas");
    const image = canvas.querySelector("img");
    const status = editor.querySelector(".page-area-editor__status");
    const stories = storyRows();
    if (!stories.length) {
      return; // the page is only viewed: no fields to fill
    }

    const state = {
      story: null, // the chosen story
      points: null, // its area while being edited, [[x, y], ...] in fractions of the image
      mode: "rect", // what a press on the empty image starts: "rect" (drag) or "polygon" (clicks)
      draft: null, // the polygon being clicked out, until it is closed
      pointer: null, // where the pointer is while a polygon is being clicked out
      rectStart: null, // where a rectangle drag began...
      rectEnd: null, // ...and where it has got to
      drag: null, // { index, from, moved, inserted } while a vertex is being dragged
      selected: null, // index of the selected vertex
    };

    // --- what is drawn on the image ---

    const shapes = svgElement("svg", {
      class: "page-area-editor__shapes",
      viewBox: "0 0 100 100",
      preserveAspectRatio: "none",
      "aria-hidden": "true",
    });
    const labels = document.createElement("div");
    labels.className = "page-area-editor__labels";
    const handleLayer = document.createElement("div");
    handleLayer.className = "page-area-editor__handles";
    canvas.append(shapes, labels, handleLayer);
    const handles = [];

    const help = document.createElement("p");
    help.className = "page-area-editor__help";
    help.id = "page-area-editor-help";
    help.textContent =
      "鼠标：拖动顶点调整，点边加一个顶点。键盘：制表键选中顶点，方向键移动（按住上档键移得更多），" +
      "删除键删去顶点，加号键在其后加一个顶点；画多边形时回车完成，退格删去上一个顶点，退出键取消。";

    // --- the toolbar ---

    const toolbar = document.createElement("div");
    toolbar.className = "page-area-editor__toolbar";
    toolbar.setAttribute("role", "group");
    toolbar.setAttribute("aria-label", "热区工具");
    const current = document.createElement("span");
    current.className = "page-area-editor__current";
    const rectMode = button("button page-area-editor__mode", "矩形", function () { setMode("rect"); });
    const polygonMode = button("button page-area-editor__mode", "多边形", function () { setMode("polygon"); });
    // Someone without a mouse can still make an area: a rectangle to shape with the keyboard.
    const placeRectangle = button("button page-area-editor__place", "放一个矩形", placeDefault);
    placeRectangle.title = "在版面图中间放一个矩形，再用键盘移动它的顶点";
    const clearChosen = button("button page-area-editor__clear-chosen", "清除热区", function () {
      clearStory(state.story);
    });
    toolbar.append(current, rectMode, polygonMode, placeRectangle, clearChosen);
    status.after(toolbar);
    canvas.after(help);

    function say(message) {
      status.textContent = message;
    }

    function headline(story) {
      return "“" + story.headline + "”";
    }

    function vertexText(i) {
      const p = state.points[i];
      return "第" + (i + 1) + "个顶点（共" + state.points.length + "个）：横 " + percent(p[0]) + "，纵 " + percent(p[1]);
    }

    function render() {
      shapes.replaceChildren();
      labels.replaceChildren();
      stories.forEach(function (story) {
        const chosen = story === state.story;
        const points = chosen ? state.points : areaOf(story);
        if (!points) {
          return;
        }
        shapes.appendChild(svgElement("polygon", {
          class: "page-area-editor__area" + (chosen ? " page-area-editor__area--chosen" : ""),
          points: svgPoints(points),
          "data-story": String(story.index + 1),
        }));
        const box = boundingBox(points);
        const label = document.createElement("span");
        label.className = "page-area-editor__label";
        label.textContent = story.headline;
        place(label, [box.left, box.top]);
        label.style.maxWidth = box.width * 100 + "%";
        labels.appendChild(label);
      });
      if (state.points && !state.draft) {
        shapes.appendChild(svgElement("polygon", { class: "page-area-editor__shape", points: svgPoints(state.points) }));
      }
      if (state.draft) {
        const line = state.pointer ? state.draft.concat([state.pointer]) : state.draft;
        shapes.appendChild(svgElement("polyline", { class: "page-area-editor__draft", points: svgPoints(line) }));
        state.draft.forEach(function (p, i) {
          const dot = document.createElement("span");
          dot.className = "page-area-editor__dot" + (i === 0 ? " page-area-editor__dot--first" : "");
          place(dot, p);
          labels.appendChild(dot);
        });
      }
      if (state.rectStart) {
        shapes.appendChild(svgElement("polygon", {
          class: "page-area-editor__draft",
          points: svgPoints(corners(between(state.rectStart, state.rectEnd))),
        }));
      }
      syncHandles();
      canvas.classList.toggle("page-area-editor__canvas--drawing", Boolean(state.story));
      current.textContent = state.story
        ? "当前稿件：" + state.story.headline
        : "未选稿件：在下方“本版稿件”中点“在版面图上画热区”。";
      rectMode.setAttribute("aria-pressed", String(state.mode === "rect"));
      polygonMode.setAttribute("aria-pressed", String(state.mode === "polygon"));
      placeRectangle.disabled = !state.story;
      clearChosen.disabled = !state.story;
    }

    // Handles are kept, not rebuilt, so that the one with the keyboard focus keeps it while its vertex moves.
    function syncHandles() {
      const points = state.points && !state.draft ? state.points : [];
      while (handles.length > points.length) {
        handles.pop().remove();
      }
      while (handles.length < points.length) {
        const handle = document.createElement("button");
        handle.type = "button";
        handle.className = "page-area-editor__handle";
        handle.setAttribute("aria-describedby", help.id);
        handle.addEventListener("focus", function () {
          select(Number(handle.dataset.index));
        });
        handles.push(handle);
        handleLayer.appendChild(handle);
      }
      points.forEach(function (p, i) {
        const handle = handles[i];
        handle.dataset.index = String(i);
        handle.setAttribute("aria-label", vertexText(i));
        handle.classList.toggle("page-area-editor__handle--selected", i === state.selected);
        place(handle, p);
      });
    }

    function select(index) {
      state.selected = index;
      handles.forEach(function (handle, i) {
        handle.classList.toggle("page-area-editor__handle--selected", i === index);
      });
    }

    function focusHandle(index) {
      select(index);
      if (handles[index]) {
        handles[index].focus({ preventScroll: true });
      }
    }

    // --- choosing a story, modes, committing ---

    function hint() {
      const drawing = state.mode === "rect"
        ? "在版面图上按住鼠标拖出矩形（或切换到“多边形”逐点点击）"
        : "在版面图上逐点点击画出多边形，双击、点第一个顶点或按回车完成";
      const editing = state.points ? "；拖动顶点调整，点边加一个顶点" : "";
      return drawing + editing + "。按 Esc 结束。";
    }

    function stopDrawing() {
      state.draft = null;
      state.pointer = null;
      state.rectStart = null;
      state.rectEnd = null;
      state.drag = null;
    }

    function choose(story) {
      stopDrawing();
      if (state.story) {
        state.story.row.classList.remove("page-area-editor__row--active");
      }
      state.story = story;
      state.points = story ? areaOf(story) : null;
      state.selected = null;
      if (story) {
        story.row.classList.add("page-area-editor__row--active");
      }
      render();
    }

    function setMode(mode) {
      stopDrawing();
      state.mode = mode;
      render();
      const what = mode === "rect" ? "已切换到矩形。" : "已切换到多边形。";
      say(what + (state.story ? hint() : "先在下方“本版稿件”中点“在版面图上画热区”选一篇稿件。"));
    }

    function commit() {
      writeArea(state.story, state.points);
    }

    function clearStory(story) {
      if (!story) {
        return;
      }
      if (story === state.story) {
        stopDrawing();
        state.points = null;
        state.selected = null;
      }
      writeArea(story, null);
      render();
      say("已清除热区：" + story.headline + "。保存后生效。");
    }

    function placeDefault() {
      stopDrawing();
      state.points = corners({ left: 0.35, top: 0.4, width: 0.3, height: 0.2 });
      commit();
      render();
      focusHandle(0);
      say("已在版面图中间为" + headline(state.story) + "放了一个矩形热区。用制表键选中顶点，方向键移动。保存后生效。");
    }

    // --- the pointer ---

    function imageRect() {
      return image.getBoundingClientRect();
    }

    function fractionAt(event) {
      const rect = imageRect();
      return [round4((event.clientX - rect.left) / rect.width), round4((event.clientY - rect.top) / rect.height)];
    }

    function toPixels(p) {
      const rect = imageRect();
      return [p[0] * rect.width, p[1] * rect.height];
    }

    function distancePx(a, b) {
      const pa = toPixels(a);
      const pb = toPixels(b);
      return Math.hypot(pa[0] - pb[0], pa[1] - pb[1]);
    }

    function between(a, b) {
      const left = Math.min(a[0], b[0]);
      const top = Math.min(a[1], b[1]);
      return { left: left, top: top, width: round4(Math.abs(a[0] - b[0])), height: round4(Math.abs(a[1] - b[1])) };
    }

    // The edge of the chosen area that `p` is on (in screen pixels, as the eye judges), and the point on it.
    function edgeAt(p) {
      if (!state.points || state.draft) {
        return null;
      }
      const point = toPixels(p);
      let found = null;
      state.points.forEach(function (start, i) {
        const a = toPixels(start);
        const b = toPixels(state.points[(i + 1) % state.points.length]);
        const dx = b[0] - a[0];
        const dy = b[1] - a[1];
        const length2 = dx * dx + dy * dy;
        const t = length2 ? clamp01(((point[0] - a[0]) * dx + (point[1] - a[1]) * dy) / length2) : 0;
        const on = [a[0] + t * dx, a[1] + t * dy];
        const distance = Math.hypot(point[0] - on[0], point[1] - on[1]);
        const nearVertex = Math.min(Math.hypot(on[0] - a[0], on[1] - a[1]), Math.hypot(on[0] - b[0], on[1] - b[1]));
        if (distance <= EDGE_PX && nearVertex > VERTEX_PX && (!found || distance < found.distance)) {
          const rect = imageRect();
          found = { index: i, distance: distance, point: [round4(on[0] / rect.width), round4(on[1] / rect.height)] };
        }
      });
      return found;
    }

    function startDrag(index, event, inserted) {
      state.drag = { index: index, from: state.points[index], moved: false, inserted: inserted };
      canvas.setPointerCapture(event.pointerId);
      render();
      focusHandle(index);
    }

    function insertVertex(index, point) {
      if (state.points.length >= MAX_POINTS) {
        say("多边形最多 " + MAX_POINTS + " 个顶点。");
        return false;
      }
      state.points.splice(index, 0, point);
      return true;
    }

    function startDraft(p) {
      state.draft = [p];
      state.pointer = null;
      state.selected = null;
      render();
      say(
        "正在为" + headline(state.story) + "画多边形：已放下第1个顶点。继续点击放下顶点；" +
        "双击、点第一个顶点或按回车完成，退格删去上一个顶点，Esc 取消。"
      );
    }

    function addDraftPoint(p) {
      const draft = state.draft;
      if (draft.length >= 3 && distancePx(p, draft[0]) <= CLOSE_PX) {
        closeDraft();
      } else if (draft.length && distancePx(p, draft[draft.length - 1]) <= SAME_PX) {
        // the second click of a double-click, which closes the polygon (see "dblclick")
      } else if (draft.length >= MAX_POINTS) {
        say("多边形最多 " + MAX_POINTS + " 个顶点，请双击或按回车完成。");
      } else {
        draft.push(p);
        render();
        say("已放下第" + draft.length + "个顶点。");
      }
    }

    function closeDraft() {
      const points = state.draft;
      if (points.length < 3) {
        say("多边形至少要有3个顶点，请继续点击。");
        return;
      }
      const box = boundingBox(points);
      stopDrawing();
      if (box.width < MIN_SIZE || box.height < MIN_SIZE) {
        render();
        say("多边形太小，热区没有改变。请在稿件所在的区域逐点点击。");
        return;
      }
      state.points = points;
      state.selected = null;
      commit();
      render();
      say(
        "已为" + headline(state.story) + "画好多边形热区（" + points.length + "个顶点）。" +
        "拖动顶点调整，点边加一个顶点。保存后生效。"
      );
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (!state.story || event.button !== 0) {
        return;
      }
      // No text selection, no native drag of the image; the keys below listen on the editor, so it takes the focus.
      event.preventDefault();
      if (!editor.contains(document.activeElement)) {
        editor.focus({ preventScroll: true });
      }
      const p = fractionAt(event);
      if (state.draft) {
        addDraftPoint(p);
        return;
      }
      const handle = event.target.closest(".page-area-editor__handle");
      if (handle) {
        startDrag(Number(handle.dataset.index), event, false);
        return;
      }
      const edge = edgeAt(p);
      if (edge && insertVertex(edge.index + 1, edge.point)) {
        startDrag(edge.index + 1, event, true);
        return;
      }
      if (state.mode === "polygon") {
        startDraft(p);
        return;
      }
      state.rectStart = p;
      state.rectEnd = p;
      canvas.setPointerCapture(event.pointerId);
      render();
    });

    canvas.addEventListener("pointermove", function (event) {
      const p = fractionAt(event);
      const drag = state.drag;
      if (drag) {
        // A hand that shakes while clicking a handle selects it; it does not move it.
        if (!drag.moved && distancePx(p, drag.from) < MOVED_PX) {
          return;
        }
        drag.moved = true;
        state.points[drag.index] = p;
        render();
      } else if (state.rectStart) {
        state.rectEnd = p;
        render();
      } else if (state.draft) {
        state.pointer = p;
        render();
      } else {
        canvas.classList.toggle("page-area-editor__canvas--on-edge", Boolean(state.story && edgeAt(p)));
      }
    });

    canvas.addEventListener("pointerup", function (event) {
      const drag = state.drag;
      if (drag) {
        state.drag = null;
        if (drag.moved || drag.inserted) {
          commit();
          say((drag.inserted ? "已加一个顶点，" : "已移动顶点，") + vertexText(drag.index) + "。保存后生效。");
        } else {
          say("已选中" + vertexText(drag.index) + "。方向键移动，Delete 删除。");
        }
        render();
        focusHandle(drag.index);
        return;
      }
      if (!state.rectStart) {
        return;
      }
      const area = between(state.rectStart, fractionAt(event));
      stopDrawing();
      if (area.width < MIN_SIZE || area.height < MIN_SIZE) {
        render();
        say("矩形太小，请按住鼠标拖出稿件所在的区域。");
        return;
      }
      // A rectangle replaces whatever outline the story had (writeArea empties area_polygon for it).
      state.points = corners(area);
      state.selected = null;
      commit();
      render();
      say("已为" + headline(state.story) + "画好矩形热区。保存后生效。");
    });

    canvas.addEventListener("pointercancel", function () {
      if (state.drag && state.drag.moved) {
        state.points[state.drag.index] = state.drag.from;
      }
      state.drag = null;
      state.rectStart = null;
      render();
    });

    canvas.addEventListener("dblclick", function () {
      if (state.draft) {
        closeDraft();
      }
    });

    // --- the keyboard ---

    const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

    function moveVertex(index, direction, big) {
      const step = big ? STEP * 10 : STEP;
      const p = state.points[index];
      state.points[index] = [round4(p[0] + direction[0] * step), round4(p[1] + direction[1] * step)];
      commit();
      render();
      say("已移动" + vertexText(index) + "。");
    }

    function deleteVertex(index) {
      if (state.points.length <= 3) {
        say("多边形至少要有3个顶点，不能再删。");
        return;
      }
      state.points.splice(index, 1);
      commit();
      render();
      const next = Math.min(index, state.points.length - 1);
      focusHandle(next);
      say("已删去第" + (index + 1) + "个顶点，还剩" + state.points.length + "个。保存后生效。");
    }

    function insertAfter(index) {
      const a = state.points[index];
      const b = state.points[(index + 1) % state.points.length];
      if (!insertVertex(index + 1, [round4((a[0] + b[0]) / 2), round4((a[1] + b[1]) / 2)])) {
        return;
      }
      commit();
      render();
      focusHandle(index + 1);
      say("已在边的中点加一个顶点，" + vertexText(index + 1) + "。保存后生效。");
    }

    function removeDraftPoint() {
      state.draft.pop();
      render();
      say(state.draft.length
        ? "已删去上一个顶点，还有" + state.draft.length + "个。"
        : "已删去所有顶点，请点击放下第一个顶点。");
    }

    editor.addEventListener("keydown", function (event) {
      if (!state.story || state.drag) {
        return;
      }
      const handle = event.target.closest(".page-area-editor__handle");
      let handled = true;
      if (state.draft) {
        if (event.key === "Enter") {
          closeDraft();
        } else if (event.key === "Escape") {
          stopDrawing();
          render();
          say("已取消画多边形，热区没有改变。");
        } else if (event.key === "Backspace") {
          removeDraftPoint();
        } else {
          handled = false;
        }
      } else if (handle && ARROWS[event.key]) {
        moveVertex(Number(handle.dataset.index), ARROWS[event.key], event.shiftKey);
      } else if (handle && (event.key === "Delete" || event.key === "Backspace")) {
        deleteVertex(Number(handle.dataset.index));
      } else if (handle && (event.key === "+" || event.key === "=" || event.key === "Insert")) {
        insertAfter(Number(handle.dataset.index));
      } else if (event.key === "Escape") {
        // Done with this story: back to its row, where the keyboard came from.
        const story = state.story;
        choose(null);
        say("已结束编辑" + headline(story) + "的热区。保存后生效。");
        story.row.querySelector(".page-area-editor__draw").focus();
      } else {
        handled = false;
      }
      if (handled) {
        event.preventDefault();
      }
    });

    // --- the story rows ---

    stories.forEach(function (story) {
      const cell = story.inputs.height.closest("td") || story.inputs.height.parentElement;
      const tools = document.createElement("div");
      tools.className = "page-area-editor__tools";
      const draw = button("button page-area-editor__draw", "在版面图上画热区", function () {
        choose(story);
        say("正在画热区：" + story.headline + "。" + hint());
        editor.scrollIntoView({ block: "start" });
        editor.focus({ preventScroll: true });
      });
      const clear = button("button page-area-editor__clear", "清除", function () {
        clearStory(story);
      });
      tools.append(draw, " ", clear);
      cell.appendChild(tools);
      // Typing in the rectangle fields: the server drops an outline they no longer bound, and so does the drawing.
      SIDES.forEach(function (side) {
        story.inputs[side].addEventListener("input", function () {
          const outline = story.polygon ? parsePoints(story.polygon.value) : null;
          const box = rectangleOf(story);
          if (outline && !(box && sameBox(boundingBox(outline), box))) {
            story.polygon.value = "";
          }
          if (story === state.story) {
            stopDrawing();
            state.points = areaOf(story);
            state.selected = null;
          }
          render();
        });
      });
    });

    render();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
