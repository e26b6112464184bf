// The 校对 panel's buttons post to the stored story and reload the form: what was typed and not saved would be
// lost, so the person is asked first when the story's form (or its editor) has unsaved changes.
(function () {
  "use strict";

  function formIsDirty(form) {
    if (form.getAttribute("data-proof-dirty") === "1") {
      return true;
    }
    var editors = window.CKEDITOR ? window.CKEDITOR.instances : {};
    return Object.keys(editors).some(function (name) {
      return editors[name].checkDirty();
    });
  }

  function start() {
    var panel = document.getElementById("proofreading");
    var form = document.getElementById("article_form");
    if (!panel || !form) {
      return;
    }
    form.addEventListener("input", function () {
      form.setAttribute("data-proof-dirty", "1");
    });
    panel.addEventListener("click", function (event) {
      var button = event.target.closest("button[name=finding]");
      if (!button || !formIsDirty(form)) {
        return;
      }
      if (!window.confirm("表单中有尚未保存的修改，继续会丢失这些修改。仍要继续吗？")) {
        event.preventDefault();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
