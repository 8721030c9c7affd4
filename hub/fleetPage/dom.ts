/** Makes an element with a class and text or children; text goes in as text, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, content: string | Node[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (typeof content === 'string') node.textContent = content;
  else node.append(...content);
  return node;
}
