from django.utils.html import escape


def body_html(blocks):
    """Blocks ({"type": "paragraph", "lead", "text"} / {"type": "heading", "text"}) -> the rich
    text a reporter would have typed in CKEditor. The demo edition is built with it too."""
    parts = []
    for block in blocks:
        if block["type"] == "heading":
            parts.append(f"<h3>{escape(block['text'])}</h3>")
        else:
            lead = f"<strong>{escape(block['lead'])}</strong>" if block.get("lead") else ""
            parts.append(f"<p>{lead}{escape(block['text'])}</p>")
    return "\n".join(parts)
