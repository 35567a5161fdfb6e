/*
 * Prepaint (issue #12): index.html runs this inline, before the app's scripts, on H5 only. It draws
 * the wallet home as it last looked (a snapshot the app saved: src/services/platform/prepaint.h5.ts)
 * or, for a new user, the first-open screen built into index.html (src/prepaint/firstOpen.html), so
 * the PIN pad or the cards show as soon as the page's CSS is in, not after the app's JavaScript has
 * run. When the app-shell worker served the page, the saved home may already be in its markup
 * (src/prepaint/worker.js: parsed and painted with the CSS, before this runs): this takes that
 * drawing over as its own, and drops it after its first frame if it is not the home saved here. Taps on it are kept, shown as pressed, and given to the real page when it takes over.
 * Everything here is best effort: on any doubt it draws nothing and the app starts as before.
 * Plain ES5, no dependencies; config/h5Bundle.ts inlines it without its comments and calls it with
 * src/prepaint/contract.ts's PREPAINT as `C` (storage keys, selectors) and `L`: the app's entry
 * scripts and script preloads ({ scripts, preloads }: taken out of index.html's head, this starts
 * them) and the new user's first screen (`first`: src/prepaint/firstOpen.html, or null). The first
 * screen is a string here, not markup in the page: a returning user's start does not parse it.
 */
(function (C, L) {
  var app = document.getElementById('app')
  var root = null
  // The home saved here for this page's build (app.css's address), while the wallet is here; else null.
  var savedHome = function () {
    var ls = window.localStorage
    if (ls.getItem(C.walletKey) === null) return null
    var s = JSON.parse(ls.getItem(C.key) || 'null')
    var link = document.querySelector(C.appCss)
    return s && s.tag === (link ? link.getAttribute('href') : '') ? s : null
  }
  // Draws the first screen: 'first' (the new user's, from index.html), 'saved' (the home the app
  // saved at its last start), 'spliced' (the same saved home, already in this page's markup: the
  // app-shell worker put it there, src/prepaint/worker.js), or false when there is nothing to draw.
  var draw = function () {
    var home = new RegExp(C.homeHash).test(location.hash)
    var what = 'saved'
    root = document.getElementById('prepaint')
    if (root) {
      // The worker cannot see the address's hash: elsewhere than the home, its drawing goes (index.html's
      // head has hidden it already, before any paint).
      if (!home) {
        root.remove()
        root = null
        app.hidden = false
        return false
      }
      what = 'spliced'
    } else {
      if (!home) return false
      var ls = window.localStorage
      var html = null
      if (ls.getItem(C.walletKey) !== null) {
        var s = savedHome()
        if (s && typeof s.html === 'string') html = s.html
      } else if ((ls.getItem(C.settingsKey) || '').indexOf('"careMode":true') < 0) {
        html = L.first
        what = 'first'
      }
      if (!html) return false
      root = document.createElement('div')
      root.id = 'prepaint'
      root.setAttribute('aria-busy', 'true')
      root.style.cssText = C.rootStyle
      var style = document.createElement('style')
      style.textContent = C.drawCss
      root.innerHTML = html
      root.appendChild(style)
      document.body.insertBefore(root, app)
      // The app renders unseen until it takes over: no layout of two pages while it starts.
      app.hidden = true
    }
    var taps = []
    var pinKey = new RegExp(C.pinKey)
    var failed = false
    root.addEventListener('click', function (e) {
      if (failed) return
      var el = e.target && e.target.closest ? e.target.closest(C.tappable) : null
      if (!el) return
      taps.push(el)
      el.classList.add('prepaint--pressed')
      if (pinKey.test(el.className)) {
        var dot = root.querySelector('.pinpad__dot:not(.pinpad__dot--on)')
        if (dot) dot.classList.add('pinpad__dot--on')
      }
    }, true)
    window.__certwalletPrepaint = { root: root, taps: taps }
    // A line at the top of the drawing while the app is not in: plain words, and a reload when it failed.
    var line = function (text, reload) {
      var old = root.querySelector('.prepaint__line')
      if (old) old.remove()
      var n = document.createElement('div')
      n.className = 'prepaint__line'
      n.setAttribute('role', reload ? 'alert' : 'status')
      n.style.cssText = 'position:sticky;top:0;z-index:10;padding:12px 16px;font-size:17px;line-height:1.5;background:' + (reload ? '#b71c1c;color:#fff' : '#fff8e1;color:#5d4037')
      n.textContent = text
      if (reload) {
        n.setAttribute('tabindex', '0')
        n.onclick = function () { location.reload() }
      }
      root.insertBefore(n, root.firstChild)
    }
    var mine = function () { return window.__certwalletPrepaint && window.__certwalletPrepaint.root === root }
    // Slow (a phone's network): the drawing stays and keeps the taps; after a while it says so.
    setTimeout(function () {
      if (mine() && !failed) line('正在打开，请稍候。您点过的按钮，打开后会继续。', false)
    }, 8000)
    // The app's own script or style could not be fetched: it will not take over, so the drawing says
    // so and offers a reload, and stops taking taps.
    window.addEventListener('error', function (e) {
      var t = e.target
      if (!mine() || !t || (t.tagName !== 'SCRIPT' && t.tagName !== 'LINK')) return
      failed = true
      taps.length = 0
      root.className = 'prepaint--failed'
      line('网络不好，证照夹没有打开。请检查网络后，点这里重新打开。', true)
    }, true)
    return what
  }
  var drawn = false
  try {
    drawn = draw()
  } catch (e) {
    // Half drawn: nothing is.
    window.__certwalletPrepaint = undefined
    if (root && root.parentNode) root.remove()
    app.hidden = false
  }
  // The worker's drawing is the home the app saved in Cache Storage; it stays only while it is also
  // the one saved here (same build, same fingerprint) and the wallet is still here: a wallet wiped or
  // changed in a way the worker's copy missed draws nothing. Checked after its first frame, so the
  // storage read (the whole origin's localStorage, the first time) does not hold that frame back.
  var stillSaved = function () {
    if (drawn !== 'spliced' || !root || !window.__certwalletPrepaint) return
    var ok = false
    try {
      var s = savedHome()
      ok = !!s && s.fingerprint === root.getAttribute('data-fp')
    } catch (e) {}
    if (ok) return
    window.__certwalletPrepaint = undefined
    root.remove()
    app.hidden = false
  }
  // The app's own scripts (index.html carries none of its own: `L`, from config/h5Bundle.ts). They
  // run only after the drawing's first frame: run before it, the entry script's 370 ms (at 4× CPU
  // throttle) would hold the drawing back, and the app has nothing to show sooner. Under the new
  // user's first screen they are also fetched only then: on a first visit nothing is cached, and
  // their download and compile (eager, by the compile hint) competed with that frame on a phone's
  // few cores and held it back by a quarter. Under a saved home (a later visit: the scripts come from
  // the app-shell cache with V8's code cache) they are fetched at once. With no drawing, or in a
  // hidden tab (no frames), all at once. Measured in docs/BENCHMARKS.md, session 13.
  var head = document.head
  var fetched = false
  var fetchAll = function () {
    if (fetched) return
    fetched = true
    var urls = L.preloads.concat(L.scripts)
    for (var i = 0; i < urls.length; i++) {
      var p = document.createElement('link')
      p.rel = 'preload'
      p.as = 'script'
      p.href = urls[i]
      p.setAttribute('fetchpriority', 'high')
      head.appendChild(p)
    }
  }
  var started = false
  var start = function () {
    if (started) return
    started = true
    stillSaved()
    fetchAll()
    for (var j = 0; j < L.scripts.length; j++) {
      var s = document.createElement('script')
      s.src = L.scripts[j]
      s.async = false
      s.setAttribute('fetchpriority', 'high')
      head.appendChild(s)
    }
  }
  if (drawn && document.visibilityState !== 'hidden' && window.requestAnimationFrame) {
    if (drawn !== 'first') fetchAll()
    requestAnimationFrame(function () { setTimeout(start, 0) })
    setTimeout(start, 1000)
  } else start()
})
