// Frozen-clock helpers and env defaults shared by every jest test.
process.env.TZ = 'Asia/Shanghai'
