// After `tsc -p tsconfig.build.json`: the declarations keep the sources' `./x.ts` specifiers, which a consumer's
// TypeScript cannot follow to `./x.d.ts`; rewrite them to `./x.js` as tsc did in the JavaScript.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

function* declarations(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* declarations(path)
    else if (entry.name.endsWith('.d.ts')) yield path
  }
}

for (const file of declarations('dist')) {
  const text = readFileSync(file, 'utf8')
  const fixed = text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+?)\.tsx?\2/g, '$1$2$3.js$2')
  if (fixed !== text) writeFileSync(file, fixed)
}
