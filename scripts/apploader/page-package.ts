// What the build writes into each package's interface page (scripts/apploader.ts), for the page
// (assets/apploader/interface.ts) to know which package it belongs to. A JSON script element.

/** The element of interface.html that holds the PagePackage as JSON. */
export const PAGE_PACKAGE_ID = 'pacer-package';

export interface PagePackage {
  /** The app's id in its loader. */
  id: string;
  /** The loader's id of the device the package is for (process.env.BOARD: BANGLEJS2, PUCKJS, MDBT42Q). */
  device: string;
  /** The device as the page names it. */
  deviceName: string;
  /** The Storage file to load() to start the pacer (the Bangle.js 2 app file); null: the boot code, load(). */
  appFile: string | null;
  /** The firmware build the package carries (what pacer.build answers). */
  build: string;
  /** The package's version (metadata.json). */
  version: string;
}
