import qrcode from 'qrcode-generator';
import { useMemo } from 'react';

/**
 * A QR code of `text` drawn as one SVG path (no inline HTML, so the content security policy holds),
 * with a quiet zone of four modules as the standard asks.
 */
export function QrCode({ text, label, size = 192 }: { readonly text: string; readonly label: string; readonly size?: number }) {
  const { count, path } = useMemo(() => {
    const code = qrcode(0, 'M');
    code.addData(text);
    code.make();
    const modules = code.getModuleCount();
    let d = '';
    for (let row = 0; row < modules; row++) {
      for (let col = 0; col < modules; col++) if (code.isDark(row, col)) d += `M${col + 4},${row + 4}h1v1h-1z`;
    }
    return { count: modules + 8, path: d };
  }, [text]);
  return (
    <svg role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${count} ${count}`} shapeRendering="crispEdges" data-qr-text={text}>
      <rect width={count} height={count} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
