/** The content of the "Copy LAN address" dialog, and what is copied. */
export interface LanAddressDialog {
  readonly title: string;
  readonly message: string;
  readonly detail: string;
  /** The address put on the clipboard; absent when there is nothing learners could type. */
  readonly copyText?: string;
}

/** Explains where learners find Outpost, or why they cannot reach it right now. */
export function lanAddressDialog(input: { readonly lanServing: boolean; readonly urls: readonly string[] }): LanAddressDialog {
  const title = 'LAN address';
  if (!input.lanServing) {
    return {
      title,
      message: 'Outpost is serving this computer only.',
      detail: 'Turn on File › "Serve learners on the local network" so learners can open Outpost from their own devices.',
    };
  }
  const [first, ...others] = input.urls;
  if (first === undefined) {
    return {
      title,
      message: 'This computer is not connected to a network.',
      detail: 'Connect to the classroom Wi-Fi or network cable, then choose "Copy LAN address" again.',
    };
  }
  const alternatives = others.length > 0 ? `\n\nOn another network this computer is also at:\n${others.join('\n')}` : '';
  return {
    title,
    message: `Learners open ${first} in their browser.`,
    detail: `The address has been copied to the clipboard.${alternatives}`,
    copyText: first,
  };
}
