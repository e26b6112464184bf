// The newsroom's own plugin (CKEDITOR_CONFIGS "extraPlugins"): texts CKEditor's
// Chinese (zh-cn) leaves in English or in CSS jargon, put the way the desk says them.
CKEDITOR.plugins.add("newsroom", {
  init: function (editor) {
    // The tooltip of the table dialog's width and height: "a CSS length (px, %, in, cm, mm, em, ex, pt or pc)".
    editor.lang.common.cssLengthTooltip = "填写数字，单位是像素。";
    editor.lang.common.invalidCssLength = "“%1”须填写大于零的数字（像素）。";
    editor.lang.common.invalidHtmlLength = "“%1”须填写大于零的数字（像素）。";
    editor.lang.common.url = "网址";
  },
});
