// CKEditor's 浏览服务器 window: the chosen image goes back to the dialog that opened it.
// CKEditor names that dialog's callback in the window's address (CKEditorFuncNum).
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.embed");
  if (!button || !window.opener) {
    return;
  }
  var callback = new URLSearchParams(window.location.search).get("CKEditorFuncNum");
  window.opener.CKEDITOR.tools.callFunction(callback, button.dataset.src);
  window.close();
});
