// 导出公众号: copies the exported HTML as rich text, so that pasting it into the
// 公众号 editor keeps its inline styles. Browsers that cannot put HTML on the
// clipboard (no ClipboardItem, or it is refused) get the HTML source as text.
// The preview frame is sized to its content so that the phone view scrolls with the page.
(function () {
  "use strict";

  var source = document.getElementById("wechat-source");
  var preview = document.getElementById("wechat-preview");
  var button = document.getElementById("wechat-copy");
  var status = document.getElementById("wechat-copy-status");
  if (!source || !button) {
    return;
  }

  function say(text) {
    status.textContent = text;
  }

  function previewText() {
    try {
      return preview.contentDocument.body.innerText;
    } catch (error) {
      return "";
    }
  }

  function copyRich() {
    if (!window.ClipboardItem || !navigator.clipboard || !navigator.clipboard.write) {
      return Promise.reject(new Error("ClipboardItem unavailable"));
    }
    var html = source.value;
    var item = new window.ClipboardItem({
      "text/html": new Blob([html], { type: "text/html" }),
      "text/plain": new Blob([previewText() || html], { type: "text/plain" }),
    });
    return navigator.clipboard.write([item]);
  }

  function copySource() {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(source.value);
    }
    source.focus();
    source.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  button.addEventListener("click", function () {
    copyRich()
      .then(function () {
        say("已复制，可以到公众号编辑器里粘贴了。");
      })
      .catch(function () {
        return copySource().then(
          function () {
            say("浏览器不支持复制带格式的内容，已复制源码。");
          },
          function () {
            source.focus();
            source.select();
            say("浏览器不允许自动复制，源码已选中，请按 Ctrl+C 复制（苹果电脑按 ⌘+C）。");
          }
        );
      });
  });

  function fitPreview() {
    try {
      var body = preview.contentDocument.body;
      if (body) {
        preview.style.height = Math.max(body.scrollHeight, 200) + "px";
      }
    } catch (error) {
      // Without access to the frame it keeps its phone height and scrolls.
    }
  }

  if (preview) {
    preview.addEventListener("load", fitPreview);
    if (preview.contentDocument && preview.contentDocument.readyState === "complete") {
      fitPreview();
    }
  }
})();
