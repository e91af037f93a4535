/** The banner (see `common/banner.ts`) as the first line of a TypeScript or markdown output. */
import { bannerText } from '../common/banner.js';

export function tsBanner(sources: readonly string[]): string {
  return `// ${bannerText(sources)}`;
}

export function markdownBanner(sources: readonly string[]): string {
  return `<!-- ${bannerText(sources)} -->`;
}
