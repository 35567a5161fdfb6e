/** The RP's one page: start a request, show its QR (or the same-device link), poll for the outcome. */
export function pageHtml(o: { title: string; rpName: string }): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(o.title)}</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1f2d3d}
button{font-size:1rem;padding:.6rem 1.2rem}#qr img{image-rendering:pixelated}
.ok{color:#0a6b2e}.bad{color:#a30d0d}textarea{width:100%;font-size:.7rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}</style></head>
<body><h1>${esc(o.title)}</h1>
<p>开户前需要核验您已满18周岁。请用“证照夹”扫描二维码，本站只会收到“已满18周岁”和一个本站专属的网号，不会收到身份证号。</p>
<p class="rp">核验方：${esc(o.rpName)}</p>
<button id="start">开始核验</button>
<div id="qr" hidden><p>请用证照夹扫码（二维码 5 分钟内有效）</p><img id="qrimg" alt="核验请求二维码"><p id="qrinfo"></p>
<p><a id="same" href="#">在本机用证照夹打开</a></p>
<details><summary>复制请求文本</summary><textarea id="reqtext" rows="4" readonly></textarea></details></div>
<p id="status" role="status" aria-live="polite"></p>
<div id="result" hidden><h2 class="ok">核验通过</h2><dl><dt>本站网号</dt><dd id="subject"></dd><dt>已满18周岁</dt><dd id="age"></dd></dl></div>
<script>
const $ = (id) => document.getElementById(id)
let timer = null
$('start').onclick = async () => {
  clearInterval(timer)
  $('result').hidden = true
  const r = await (await fetch('requests', { method: 'POST' })).json()
  $('qrimg').src = r.qrDataUrl
  $('qrinfo').textContent = '二维码版本 ' + r.qrVersion
  $('reqtext').value = r.text
  $('same').href = r.sameDevice
  $('qr').hidden = false
  $('status').textContent = '等待证照夹确认…'
  document.body.dataset.state = r.state
  timer = setInterval(async () => {
    const res = await fetch('requests/' + encodeURIComponent(r.state))
    const o = await res.json()
    if (o.status === 'pending') return
    clearInterval(timer)
    $('qr').hidden = true
    if (o.status === 'verified') {
      $('status').textContent = '核验通过'
      $('subject').textContent = o.subject
      $('age').textContent = o.claims.age_over_18 === true ? '是' : '否'
      $('result').hidden = false
    } else if (o.status === 'declined') {
      $('status').innerHTML = '<span class="bad">您在证照夹中拒绝了本次核验</span>'
    } else {
      $('status').innerHTML = '<span class="bad">核验未通过（' + o.code + '）</span>'
    }
  }, 1000)
}
</script></body></html>`
}
