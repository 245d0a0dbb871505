// VS Code for the Web: the converter is part of the web bundle. A web worker extension host cannot
// `require` a file next to the bundle (its require knows only 'vscode'), and a static import keeps
// converter() synchronous, so its callers are the same on both platforms. Desktop: converter.ts.
import * as Converter from '../core/convert/index';

export function converter(): typeof Converter {
  return Converter;
}
