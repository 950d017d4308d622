import { createRoot } from 'react-dom/client';

// Placeholder root until the editor lands: never a blank page.
createRoot(document.getElementById('root')!).render(<p>CNN Graph Studio is loading its editor.</p>);
