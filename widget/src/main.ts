import { mount } from './widget';

// Read while this script runs: later, currentScript belongs to another script.
const script = document.currentScript;
if (script instanceof HTMLScriptElement) mount(script);
