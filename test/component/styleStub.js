// Stylesheets imported by pages (`import './index.css'`) load as an empty module under jest.
module.exports = {}
