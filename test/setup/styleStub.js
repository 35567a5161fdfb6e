// Stylesheets imported by pages (`import '../component/index.css'`) load as an empty module under jest.
module.exports = {}
