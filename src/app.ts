import { PropsWithChildren } from 'react'
import { startAppShell } from './services/platform/appShell'
import './app.css'

// H5: the app-shell service worker and the message for a page whose code could not load.
startAppShell()

function App({ children }: PropsWithChildren) {
  return children
}

export default App
