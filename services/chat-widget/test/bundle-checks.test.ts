import { classicScriptProblems } from '../scripts/measure-bundle';
import { sourceLabel } from '../src/source-label';

describe('classicScriptProblems', () => {
  it('accepts a script whose only import is a dynamic import()', () => {
    expect(classicScriptProblems('var a=1;import("./assets/panel-x.js").then(m=>m.mountPanel())')).toEqual([]);
  });
  it('names static imports, exports and import.meta, which a <script src> cannot run', () => {
    expect(classicScriptProblems('import{a as b}from"./x.js";b()')).toEqual(['has a static import statement']);
    expect(classicScriptProblems('const x=1;export{x as C};')).toEqual(['has an export statement']);
    expect(classicScriptProblems('new URL("./a.js",import.meta.url)')).toEqual(['uses import.meta']);
  });
});

describe('sourceLabel', () => {
  it('names a Knowledge Base document by its file, never the bucket', () => {
    expect(sourceLabel('s3://local-picasso-config-123/tenants/FOS402334/kb/volunteer-faq.md')).toBe('Volunteer faq');
    expect(sourceLabel('https://example.org/about/')).toBe('example.org/about/');
    expect(sourceLabel('not a uri')).toBe('not a uri');
  });
});
