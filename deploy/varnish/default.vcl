vcl 4.1;
# The shared HTTP cache in front of Newsroom (Debian: apt-get install varnish varnish-modules).
# It keeps what the app marks public (newsroom/edge_cache.py), never what belongs to one reader,
# and drops what a purge names. Run: varnishd -f deploy/varnish/default.vcl -a :6081
# The backend is the app as `make run` serves it; tests load this file with their own port.

import std;
import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 1s;
    .first_byte_timeout = 10s;
    .probe = {
        .url = "/healthz/ready/";  # 503 while the database is down
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# Who may purge: the app processes. Add your app servers' addresses here.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        # The app names the keys in xkey-purge; a hard purge: the next reader sees the change.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);  # every post goes to the app
    }
    # Personal state lives in these cookies: a signed-in session, a CSRF token, an embedded frame's own
    # (partitioned) cookies. Such requests go
    # to the app, never to the cache.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages|embed_own|embed_author)=") {
        return (pass);
    }
    # A reader's own pending comments and remembered details (comments/reader_cookies.py) change
    # no shared page: the page's script asks the private endpoints under /comments/ for them.
    # Those, and a page asked for with the own-comment token a post sends its author back to,
    # read the cookies and answer private; every other page is the same with or without them
    # and is served from here (the cookies are dropped below with the rest).
    if (req.http.Cookie ~ "(^|;\s*)(comments_own|comment_author)=" && (req.url ~ "^/comments/" || req.url ~ "[?&]own=")) {
        return (pass);
    }
    # Cookies set before the script asked for them lack comments_state, its sign to ask: the
    # app adds it to the page it answers (private, once), the next visit is served from here.
    if (req.http.Cookie ~ "(^|;\s*)(comments_own|comment_author)=" && req.http.Cookie !~ "(^|;\s*)comments_state=") {
        return (pass);
    }
    # Of all cookies only the language choice changes a shared page: keep it, drop the rest
    # (analytics and the like), so the page varies on it alone.
    if (req.http.Cookie ~ "(^|;\s*)django_language=") {
        set req.http.Cookie = regsuball(req.http.Cookie, "(^|.*;\s*)(django_language=[^;]*).*", "\2");
    } else {
        unset req.http.Cookie;
    }
    if (req.url ~ "^/api/") {
        # The API answers in the browser's language: keep only the choice that matters.
        if (req.http.Accept-Language ~ "^\s*en") {
            set req.http.Accept-Language = "en";
        } else {
            set req.http.Accept-Language = "ar";
        }
    } else {
        unset req.http.Accept-Language;  # pages follow the language switch, not the browser
    }
    # While the app is healthy, serve a stale copy only briefly (and refresh it in the
    # background); while it is down, serve what we hold for the object's whole grace.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    # An answer the app did not mark public is not stored (and Varnish's own rules still apply).
    if (beresp.http.Cache-Control !~ "public" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Grace: how long past its lifetime a copy may be served while the app fails; the app says
    # it in stale-if-error (EDGE_CACHE_STALE_SECONDS).
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(regsub(beresp.http.Cache-Control, ".*stale-if-error=([0-9]+).*", "\1s"), 0s);
    }
    # A refresh in the background that fails keeps the copy we have.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    return (deliver);
}

sub vcl_deliver {
    # For the tests and operators: was this a hit? The surrogate keys stay inside.
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
    # Browsers revalidate with the app's ETag; the shared lifetime is for this cache only.
    if (resp.http.Cache-Control ~ "public") {
        set resp.http.Cache-Control = "public, max-age=0";
    }
}
