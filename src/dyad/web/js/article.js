// An article's text with sentences highlighted. The text is hostile input: it only ever becomes
// text nodes (markedText), whatever markup it contains.
import { h, markedText, outsideLink } from "./dom.js";

export function articleHeader(doc) {
  return h("header", { class: "article-head" },
    h("h2", { class: "article-title" }, doc.title || doc.id),
    h("p", { class: "meta" },
      h("span", { class: "outlet" }, doc.outlet || "unknown outlet"), " · ",
      h("span", { class: "published" }, doc.published ? `published ${doc.published}` : "publication date unknown"),
      doc.published_basis && doc.published_basis !== "stated" ? h("span", { class: "muted" }, ` (${doc.published_basis})`) : null,
      doc.url ? [" · ", outsideLink(doc.url)] : null,
      " · ", h("span", { class: "muted" }, `id ${doc.id}`)));
}

/** ranges: [{start, end, class, title, event}]; the first range with class "current" is scrolled to. */
export function articleBody(doc, ranges) {
  return h("div", { class: "article-text", dataset: { doc: doc.id } }, markedText(doc.text || "", ranges));
}

export function scrollToCurrent(root) {
  const mark = root.querySelector("mark.current");
  if (mark) mark.scrollIntoView({ block: "center" });
}
