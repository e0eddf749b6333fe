"""Article identity: canonical URLs and content hashes.

An article is identified by its canonical URL when it has one, else by a hash of its clean text.
Canonical URLs drop what does not change the article: the scheme, ``www.``/mobile/AMP host
variants, AMP path segments and query flags, tracking parameters, fragments, default ports and
trailing slashes.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from warta.model import Document

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "ref", "ref_src", "referrer", "source", "src", "from", "utm", "cmpid", "share",
    "amp", "amp_js_v", "amp_gsa", "usqp", "outputtype", "tag_from", "page_from", "single", "page",
    "_gsa", "spm", "s_cid", "cid", "rcm",
})
"""Query parameters that never select a different article (besides every ``utm_*``).

``page`` is listed because portals split one article over pages that warta reads as one.
"""
_MOBILE_HOST = re.compile(r"^(?:www|m|mobile|amp|wap)\.")
_AMP_SEGMENT = re.compile(r"/(?:amp|amp\.html|mobile)(?=/|$)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?!\d)")
_AMP_SUFFIX = re.compile(r"(?:\.amp|/amp)$")


@lru_cache(maxsize=4096)
def canonical_url(url: str | None) -> str | None:
    """The canonical form of an article URL, or None for a missing or non-HTTP URL.

    ``https://m.detik.com/news/berita/d-1/judul/amp?utm_source=x#top`` and
    ``http://www.detik.com/news/berita/d-1/judul/`` both give ``detik.com/news/berita/d-1/judul``.
    """
    if not url or not url.strip():
        return None
    text = url.strip()
    if "://" not in text:
        if _SCHEME.match(text):
            return None
        text = "http://" + text.lstrip("/")
    parts = urlsplit(text)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    while _MOBILE_HOST.match(host) and host.count(".") >= 2:
        host = _MOBILE_HOST.sub("", host, count=1)
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/{2,}", "/", unquote(parts.path))
    path = _AMP_SEGMENT.sub("", path)
    path = _AMP_SUFFIX.sub("", path).rstrip("/")
    for suffix in ("/index.html", "/index.php"):
        path = path.removesuffix(suffix)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS]
    canonical = host + path
    if query:
        canonical += "?" + urlencode(sorted(query))
    return canonical


def _sha(text: str) -> str:
    """Hex SHA-256 of a text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    """Hash of a clean text, insensitive to whitespace differences."""
    return _sha(" ".join(text.split()))


def content_hash(doc: Document) -> str:
    """Hash of what makes a revision: title and clean text."""
    return _sha(" ".join((doc.title or "").split()) + "\x00" + " ".join(doc.text.split()))


def identity(doc: Document) -> str:
    """The article's identity: ``url:<canonical URL>``, else ``text:<hash of the clean text>``."""
    url = canonical_url(doc.url)
    return f"url:{url}" if url else f"text:{text_hash(doc.text)}"


def raw_hash(doc: Document) -> str:
    """Hash of an unanalysed input (raw body and metadata), to skip it early when seen before."""
    meta = "\x00".join(v or "" for v in (doc.url, doc.title, doc.source, doc.meta_date))
    return _sha(meta + "\x01" + doc.raw)
