/*
 * Prepaint in the app-shell worker (issue #12, returning user's first screen). config/h5Bundle.ts
 * puts this at the top of the built sw.js (before Workbox's own listeners, so this one answers
 * first), called with src/prepaint/contract.ts's PREPAINT as `C` and `I`: { index }, the cache key
 * of this build's index.html in Workbox's precache (its address with the revision Workbox gave it).
 *
 * A navigation to the app's start page is answered with that index.html, as the server sent it when
 * the worker was installed (a server may rewrite it: `npm start` adds its simulator marker), and,
 * when the app saved a home for the build of that page (the record in Cache Storage that
 * src/services/platform/prepaint.h5.ts writes beside localStorage, tagged with app.css's address),
 * with that home already in its markup: the browser parses and paints it with the page's CSS, before
 * any script, and boot.js (src/prepaint/boot.js) takes it over as its own drawing. A head script
 * hides it before any paint when the address's hash is not the home (the worker does not see the
 * hash). Anything unexpected answers the page as Workbox's precache would have. Plain ES5, no
 * dependencies.
 */
(function (C, I) {
  var APP = '<div id="app"></div>'
  var attr = function (v) {
    return String(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;')
  }
  // The page with the saved home `s` in it: the hash check in the head, before the first stylesheet
  // (it must run before any paint), and the drawing before a hidden #app. Null if `s` is not for it.
  var spliced = function (page, s) {
    var tag = /<link\b[^>]*\bhref="([^"]*\/css\/app\.[^"]*)"/.exec(page)
    var app = page.indexOf(APP)
    var headEnd = page.indexOf('</head>')
    if (!tag || tag[1] !== s.tag || app < 0 || headEnd < 0) return null
    var head = page.indexOf('<link', page.indexOf('<head'))
    if (head < 0 || head > headEnd) head = headEnd
    var check = '<script>new RegExp(' + JSON.stringify(C.homeHash) + ').test(location.hash)||(document.documentElement.className+=" ' + C.offClass + '")</script>'
    var drawing = '<div id="prepaint" data-fp="' + attr(s.fingerprint) + '" aria-busy="true" style="' + attr(C.rootStyle) + '">' +
      s.html + '<style>' + C.drawCss + '</style></div><div id="app" hidden></div>'
    return page.slice(0, head) + check + page.slice(head, app) + drawing + page.slice(app + APP.length)
  }
  var saved = function () {
    return caches.open(C.cache)
      .then(function (c) { return c.match(C.cacheUrl) })
      .then(function (r) { return r ? r.json() : null })
      .then(function (s) { return s && typeof s.tag === 'string' && typeof s.html === 'string' && typeof s.fingerprint === 'string' ? s : null })
      .catch(function () { return null })
  }
  var answer = function (request) {
    return Promise.all([caches.match(new URL(I.index, self.location.href).href), saved()]).then(function (got) {
      var page = got[0]
      var s = got[1]
      if (!page) return fetch(request)
      if (!s) return page
      return page.clone().text().then(function (text) {
        var html = spliced(text, s)
        if (html === null) return page
        var headers = new Headers(page.headers)
        headers.delete('content-length')
        headers.delete('content-encoding')
        return new Response(html, { status: page.status, statusText: page.statusText, headers: headers })
      })
    })
  }
  self.addEventListener('fetch', function (e) {
    var r = e.request
    if (r.mode !== 'navigate' || r.method !== 'GET') return
    var u = new URL(r.url)
    if (u.origin !== self.location.origin || (u.pathname !== '/' && u.pathname !== '/index.html')) return
    e.respondWith(answer(r).catch(function () { return fetch(r) }))
    // Answered: Workbox's listener (its navigation fallback) would only try to answer again.
    e.stopImmediatePropagation()
  })
})
