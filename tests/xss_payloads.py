"""
A corpus of hostile content: markup that would run script if any page let it through.

Each payload carries its own marker (XSS1, XSS2, …) inside the code it
would run, and that code does something a test can observe: a dialog
(alert, confirm, prompt), print(), setting window.__xss, or a console
message. So a payload that ran says which one it was.

In a template, § stands for that code and ¤ for the bare marker. Payloads
are kept short enough for the plain fields they are also typed into
(kickers, captions, department names).
"""

from dataclasses import dataclass

CALLS = [
    "alert('¤')",
    "confirm('¤')",
    "prompt('¤')",
    "print('¤')",
    "window.__xss='¤'",
    "console.log('¤')",
]


def _entities(text, style="decimal"):
    if style == "hex":
        return "".join(f"&#x{ord(c):x};" for c in text)
    if style == "padded":
        return "".join(f"&#{ord(c):07d}" for c in text)
    return "".join(f"&#{ord(c)};" for c in text)


def _percent(text):
    return "".join(f"%{ord(c):02X}" if not c.isalnum() else c for c in text)


def _base64(text):
    import base64

    return base64.b64encode(text.encode()).decode()


# (category, template): § is the code to run, ¤ the marker. Callables build what needs encoding.
TEMPLATES = [
    # --- script tags in every spelling -------------------------------------------------------
    ("script", "<script>§</script>"),
    ("script", "<SCRIPT>§</SCRIPT>"),
    ("script", "<ScRiPt>§</sCrIpT>"),
    ("script", "<script >§</script >"),
    ("script", "<script\t\n>§</script>"),
    ("script", "<script/xss>§</script>"),
    ("script", "<script type=text/javascript>§</script>"),
    ("script", "<script type=module>§</script>"),
    ("script", "<script>§"),
    ("script", "<scr<script>ipt>§</scr</script>ipt>"),
    ("script", "<<script>§//<</script>"),
    ("script", "<script>/*</script><script>*/§</script>"),
    ("script", "<script src=data:,§></script>"),
    ("script", "<script>eval(atob('" + "__B64__" + "'))</script>"),
    ("script", "<scr&#0;ipt>§</scr&#0;ipt>"),
    ("script", "<script&#x0;>§</script>"),
    ("script", "&lt;script&gt;§&lt;/script&gt;"),
    ("script", "%3Cscript%3E§%3C/script%3E"),
    ("script", "\\u003cscript\\u003e§\\u003c/script\\u003e"),
    ("script", '<script>setTimeout("§")</script>'),
    # --- event handlers ---------------------------------------------------------------------------
    ("handler", "<img src=x onerror=§>"),
    ("handler", '<img src="x" onerror="§">'),
    ("handler", "<img/src=x/onerror=§>"),
    ("handler", "<IMG SRC=x ONERROR=§>"),
    ("handler", "<img src=x onerror\t=\t§>"),
    ("handler", "<img src=x onerror=\"&#97;&#108;&#101;&#114;&#116;('¤')\">"),
    ("handler", "<body onload=§>"),
    ("handler", "<svg onload=§>"),
    ("handler", "<input onfocus=§ autofocus>"),
    ("handler", "<select autofocus onfocus=§></select>"),
    ("handler", "<textarea autofocus onfocus=§></textarea>"),
    ("handler", "<div contenteditable autofocus onfocusin=§>x</div>"),
    ("handler", "<details open ontoggle=§>"),
    ("handler", "<div onmouseover=§>hover me</div>"),
    ("handler", "<p onpointerenter=§>point here</p>"),
    ("handler", "<p style=animation-name:spin onanimationstart=§>spin</p>"),
    ("handler", "<video><source onerror=§></video>"),
    ("handler", "<audio src=x onerror=§>"),
    ("handler", "<marquee onstart=§>news</marquee>"),
    ("handler", "<iframe onload=§></iframe>"),
    ("handler", "<object data=x onerror=§></object>"),
    ("handler", "<input type=image src=x onerror=§>"),
    ("handler", "<body onpageshow=§>"),
    ("handler", "<a onclick=§ href=#>click</a>"),
    ("handler", "<x onclick=§>custom</x>"),
    ("handler", '<img src=1 onerror=eval(alt) alt="§">'),
    # --- javascript:, data: and vbscript: URLs ---------------------------------------------------
    ("url", '<a href="javascript:§">link</a>'),
    ("url", '<a href="JaVaScRiPt:§">link</a>'),
    ("url", '<a href=" javascript:§">link</a>'),
    ("url", '<a href="java&#x09;script:§">link</a>'),
    ("url", '<a href="java&#x0A;script:§">link</a>'),
    ("url", '<a href="java&#x0D;script:§">link</a>'),
    ("url", '<a href="java\tscript:§">link</a>'),
    ("url", lambda code: f'<a href="{_entities("javascript:")}{code}">link</a>'),
    ("url", lambda code: f'<a href="{_entities("javascript:", "hex")}{code}">link</a>'),
    ("url", lambda code: f'<a href="{_entities("javascript:", "padded")}{code}">link</a>'),
    ("url", '<a href="javascript&colon;§">link</a>'),
    ("url", '<a href="&#x6A;avascript:§">link</a>'),
    ("url", "<a href=\"vbscript:msgbox('¤')\">link</a>"),
    ("url", '<a href="data:text/html,<script>§</script>">link</a>'),
    ("url", lambda code: f'<a href="data:text/html;base64,{_base64(f"<script>{code}</script>")}">link</a>'),
    ("url", '<iframe src="javascript:§"></iframe>'),
    ("url", '<img src="javascript:§">'),
    ("url", '<form action="javascript:§"><button>go</button></form>'),
    ("url", '<button formaction="javascript:§">go</button>'),
    ("url", '<embed src="javascript:§">'),
    ("url", '<object data="javascript:§"></object>'),
    # --- SVG and MathML ---------------------------------------------------------------------------
    ("svg", "<svg><script>§</script></svg>"),
    ("svg", "<svg/onload=§>"),
    ("svg", '<svg><script href="data:,§"/></svg>'),
    ("svg", '<svg><a xlink:href="javascript:§"><text x=9 y=9>¤</text></a></svg>'),
    ("svg", "<svg><animate onbegin=§ attributeName=x dur=1s>"),
    ("svg", "<svg><set attributeName=onmouseover to=§>"),
    ("svg", "<svg><foreignObject><img src=x onerror=§></foreignObject></svg>"),
    ("svg", "<svg><style><img src=x onerror=§></style></svg>"),
    ("svg", '<svg></p><style><a id="</style><img src=1 onerror=§>">'),
    ("math", "<math><mtext><table><mglyph><style><img src=x onerror=§>"),
    ("math", '<math><mi xlink:href="javascript:§">tap</mi></math>'),
    ("math", "<form><math><mtext></form><form><mglyph><style></math><img src onerror=§>"),
    ("math", '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style><img src onerror=§>">'),
    # --- CSS --------------------------------------------------------------------------------------
    ("css", '<div style="background:url(javascript:§)">bg</div>'),
    ("css", '<div style="width:expression(§)">w</div>'),
    ("css", "<style>@import 'javascript:§';</style>"),
    ("css", '<style>body{background:url("javascript:§")}</style>'),
    ("css", "<style>*{x:expression(§)}</style>"),
    ("css", '<link rel=stylesheet href="javascript:§">'),
    ("css", '<p style="-moz-binding:url(x.xml#¤)">b</p>'),
    ("css", "<style>@keyframes s{}</style><p style=animation-name:s onanimationstart=§>k</p>"),
    # --- malformed and nested markup ------------------------------------------------------------
    ("malformed", '<img """><script>§</script>">'),
    ("malformed", "<img src=x onerror=§//"),
    ("malformed", "<<img src=x onerror=§>>"),
    ("malformed", '<iframe/src="javascript:§">'),
    ("malformed", '<p title="</p><script>§</script>">'),
    ("malformed", "<div><p>unclosed <b><i><script>§</script>"),
    ("malformed", "</textarea><script>§</script>"),
    ("malformed", "</title><script>§</script>"),
    ("malformed", "</style><script>§</script>"),
    ("malformed", "--><script>§</script>"),
    ("malformed", '<noscript><p title="</noscript><img src=x onerror=§>">'),
    ("malformed", "<xmp><script>§</script></xmp>"),
    ("malformed", "<noembed><img src=x onerror=§></noembed>"),
    ("malformed", "<table><td><script>§</script></td></table>"),
    ("malformed", "<select><template><style><img src=x onerror=§>"),
    ("malformed", "<a href=x title='><img src=x onerror=§>'>t</a>"),
    # --- breaking out of attributes and scripts --------------------------------------------------
    ("breakout", '"><img src=x onerror=§>'),
    ("breakout", "'><img src=x onerror=§>"),
    ("breakout", '" onmouseover="§" x="'),
    ("breakout", "' autofocus onfocus='§' x='"),
    ("breakout", '"><svg onload=§>'),
    ("breakout", "</script><script>§</script>"),
    ("breakout", '";§;//'),
    ("breakout", "';§;//"),
    ("breakout", '\\";§;//'),
    ("breakout", "</a><script>§</script>"),
    # --- template, srcdoc, object, embed, base, meta refresh, forms ------------------------------
    ("embedding", "<template><script>§</script></template>"),
    ("embedding", '<iframe srcdoc="<script>§</script>"></iframe>'),
    ("embedding", '<iframe srcdoc="&lt;img src=x onerror=§&gt;"></iframe>'),
    ("embedding", '<object type=text/html data="data:text/html,<script>§</script>"></object>'),
    ("embedding", '<embed type=image/svg+xml src="data:image/svg+xml,<svg onload=§>">'),
    ("embedding", '<base href="javascript:§//">'),
    ("embedding", '<meta http-equiv="refresh" content="0;url=javascript:§">'),
    ("embedding", '<meta http-equiv="refresh" content="0;url=data:text/html,<script>§</script>">'),
    ("embedding", '<form id=f></form><button form=f formaction="javascript:§">go</button>'),
    ("embedding", "<frameset onload=§>"),
    # --- CKEditor 4 ---------------------------------------------------------------------------------
    ("ckeditor", "<![CDATA[><script>§</script>]]>"),
    ("ckeditor", "<![CDATA[<img src=x onerror=§>]]>"),
    ("ckeditor", lambda code: f"<!--{{cke_protected}}{_percent(f'<script>{code}</script>')}-->"),
    ("ckeditor", lambda code: f"<!--{{cke_protected}}{_percent(f'<img src=x onerror={code}>')}-->"),
    ("ckeditor", lambda code: f"<p><!--{{cke_protected}}{{C}}{_percent(f'<script>{code}</script>')}--></p>"),
    ("ckeditor", lambda code: f"<!--{{cke_protected}}{_percent(f'<svg/onload={code}>')}-->"),
    ("ckeditor", '<img data-cke-saved-src="javascript:§" src="x.png">'),
    ("ckeditor", '<a data-cke-saved-href="javascript:§" href="#">link</a>'),
    ("ckeditor", '<img src="x" data-cke-saved-src="x" onerror="§">'),
    ("ckeditor", lambda code: f"<cke:encoded>{_percent(f'<script>{code}</script>')}</cke:encoded>"),
    (
        "ckeditor",
        lambda code: (
            f'<img class="cke_iframe" data-cke-realelement="{_percent(f"<iframe src=javascript:{code}></iframe>")}"'
            ' data-cke-real-node-type="1" data-cke-real-element-type="iframe">'
        ),
    ),
    ("ckeditor", '<p data-cke-pa-onclick="§">protected attribute</p>'),
    ("ckeditor", '<cke:object><cke:param name=src value="javascript:§"></cke:param></cke:object>'),
    ("ckeditor", "<style>p{}</style><script>§</script>"),
    ("ckeditor", '<script type="text/ckeditor">§</script>'),
    ("ckeditor", '<span data-cke-bogus="1" onmouseover="§">bogus</span>'),
]


@dataclass(frozen=True)
class Payload:
    marker: str
    category: str
    html: str

    def as_line(self):
        """The payload on one line, as a headline or a name would hold it."""
        return " ".join(self.html.split())


def payloads():
    """Every payload, each with its own marker and a way of showing itself if it ever ran."""
    made = []
    for number, (category, template) in enumerate(TEMPLATES, start=1):
        marker = f"XSS{number}"
        code = CALLS[number % len(CALLS)].replace("¤", marker)
        html = template(code) if callable(template) else template.replace("__B64__", _base64(code)).replace("§", code)
        made.append(Payload(marker, category, html.replace("¤", marker)))
    return made


PAYLOADS = payloads()
CATEGORIES = sorted({p.category for p in PAYLOADS})
