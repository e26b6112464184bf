# Varnish in front of the app servers (Debian's varnish 7.1 and varnish-modules' xkey).
#
# Not loaded as it stands: deploy/varnish/start fills in the @…@ marks (the app
# servers, the addresses allowed to purge, the purge secret, the session
# cookie's name) and starts varnishd on the result. See README, "Varnish".
#
# What is cached is decided by the app: a 200 that carries `xkey` (the
# surrogate keys of everything it shows) and `Edge-Expires` (when it must go,
# never after the next scheduled publish time; edge/headers.py). The app
# purges by those keys after every committed change readers could see
# (edge/purging.py). Everything else goes to the app servers every time.
vcl 4.1;

import directors;
import std;
import xkey;

@BACKENDS@

# Who may purge (the app servers); each purge must also carry the shared secret.
acl purgers {
@PURGERS@
}

sub vcl_init {
    new app_servers = directors.round_robin();
@ADD_BACKENDS@
}

sub vcl_recv {
    set req.backend_hint = app_servers.backend();

    if (req.method == "PURGE") {
        if (!(client.ip ~ purgers) || req.http.X-Purge-Secret != "@PURGE_SECRET@") {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey) {
            return (synth(400, "No xkey header"));
        }
        # A hard purge: what is gone is never served again, not even stale.
        set req.http.X-Purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged " + req.http.X-Purged));
    }
    # Only the app may send these; from anyone else they mean nothing.
    unset req.http.X-Purge-Secret;
    unset req.http.xkey;

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The newsroom's screens, previews, uploads, the partners' API (its own
    # rights per key), search (a query per reader) and the view-count beacon
    # always reach the app (edge/keys.py, PASSED).
    if (req.url ~ "^/(admin|preview|ckeditor|api|search|readership)(/|\?|$)") {
        return (pass);
    }
    # Signed-in staff: their pages are their own, never cached, never shared.
    if (req.http.Cookie ~ "(^|;\s*)@SESSION_COOKIE@=") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Readers' pages depend on no cookie (analytics, csrftoken, consent): one
    # cached copy for everyone, whatever cookies they carry.
    unset req.http.Cookie;
    # The site has one language: Accept-Language changes nothing readers get.
    unset req.http.Accept-Language;
    # Tracking parameters change nothing either (the app ignores them too:
    # core/caching.py), nor does ?mode=elder, which the page's own script reads
    # from the address bar (长辈版); the rest in one order, so ?b&a and ?a&b are one entry.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid|mc_[a-z]+|mode)=") {
        set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|mc_[a-z]+|mode)=[^&]*", "\1");
        set req.url = regsuball(req.url, "&&+", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]$", "");
    }
    set req.url = std.querysort(req.url);
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.status == 200 && beresp.http.xkey && beresp.http.Edge-Expires
            && !beresp.http.Set-Cookie && beresp.http.Cache-Control !~ "(private|no-store)") {
        # Until the app's deadline (seconds since the epoch), and no longer:
        # no grace, so a scheduled story shows on time and nothing stale is served.
        set beresp.ttl = std.real2time(std.real(beresp.http.Edge-Expires, 0), now) - now;
        set beresp.grace = 0s;
        set beresp.keep = 0s;
    } else {
        set beresp.ttl = 0s;
    }
    if (beresp.ttl <= 0s) {
        # Not to be kept: ask the app again next time, without queueing readers behind one another.
        set beresp.uncacheable = true;
        set beresp.ttl = 1s;
        set beresp.grace = 0s;
        return (deliver);
    }
    if (beresp.http.Content-Type ~ "^(text/|application/(xml|rss\+xml|atom\+xml|json|javascript))") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys and the deadline are for this cache only.
    unset resp.http.xkey;
    unset resp.http.Edge-Expires;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
