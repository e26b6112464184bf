// CKEditor sends pasted and dropped images (and the upload tab, in "xhr" mode)
// with XMLHttpRequest; Django wants the form's CSRF token in a header.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.CKEDITOR) {
    return;
  }
  var input = document.querySelector("input[name=csrfmiddlewaretoken]");
  var token = input ? input.value : "";
  window.CKEDITOR.on("instanceCreated", function (event) {
    event.editor.config.fileTools_requestHeaders = { "X-CSRFToken": token };
  });
});
