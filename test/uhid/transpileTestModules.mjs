// Plain JavaScript, so that the benches (bench/*.js, run by plain Node) can use it as well as the tests.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const testDirectory = fileURLToPath(new URL('../', import.meta.url));
const packagesDirectory = fileURLToPath(new URL('../../packages/', import.meta.url));
const buildDirectory = join(testDirectory, '.build', 'js');

const isUnderTest = (path) => !relative(testDirectory, path).startsWith('..');

/**
 * Where a relative import of `source` goes once it is at `output`: a module under test/ stays beside it (it is
 * transpiled too); a package's source (packages/NAME/src/...) is that package's build (packages/NAME/dist/...,
 * which `tsc -b` makes before tests and benches run). Anything else outside test/ has no JavaScript to load.
 */
function relocatedImport(specifier, source, output) {
  const target = fileURLToPath(new URL(specifier, source));
  if (isUnderTest(target)) return specifier;
  const [name, folder, ...rest] = relative(packagesDirectory, target).split(sep);
  if (name === '..' || folder !== 'src' || rest.length === 0) throw new Error(`${fileURLToPath(source)} imports ${specifier}, outside test/ and not a package's source`);
  const built = relative(dirname(output), join(packagesDirectory, name, 'dist', ...rest)).split(sep).join('/');
  return built.startsWith('.') ? built : `./${built}`;
}

/** Rewrites the relative imports that leave test/ (see relocatedImport). */
function importRelocator(source, output) {
  return (context) => {
    const visit = (node) => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const specifier = node.moduleSpecifier.text;
        if (!specifier.startsWith('.')) return node;
        const relocated = relocatedImport(specifier, source, output);
        if (relocated === specifier) return node;
        const literal = context.factory.createStringLiteral(relocated);
        return ts.isImportDeclaration(node)
          ? context.factory.updateImportDeclaration(node, node.modifiers, node.importClause, literal, node.attributes)
          : context.factory.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, literal, node.attributes);
      }
      return node;
    };
    return (sourceFile) => ts.visitEachChild(sourceFile, visit, context);
  };
}

/** `import.meta.url` becomes the source's URL: paths relative to it (../../scripts/...) resolve as they do in the tests. */
function sourceUrlTransformer(sourceUrl) {
  return (context) => {
    const visit = (node) => {
      if (
        ts.isPropertyAccessExpression(node) &&
        ts.isMetaProperty(node.expression) &&
        node.expression.keywordToken === ts.SyntaxKind.ImportKeyword &&
        node.name.text === 'url'
      ) {
        return context.factory.createStringLiteral(sourceUrl);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (sourceFile) => ts.visitNode(sourceFile, visit);
  };
}

/**
 * Test modules (test/**\/*.ts) as JavaScript that plain Node runs: the QEMU guest's programs, and what the benches
 * take from the tests (bootLinuxGuest). Each goes to test/.build/js/ (gitignored) at its path under test/, with the
 * modules it imports by relative path, so their imports resolve among themselves, and the packages through
 * node_modules; an import of a package's source (../../packages/registry/src/...) loads that package's build instead.
 * Only the types are stripped (tsconfig.tests.json type-checks them). Resolves to the paths of the .js
 * files of `sources` (file URLs of .ts files under test/), in order.
 *
 * @param {readonly URL[]} sources
 * @returns {Promise<string[]>}
 */
export async function transpileTestModules(sources) {
  const done = new Set();
  const transpile = async (source) => {
    const path = fileURLToPath(source);
    const output = join(buildDirectory, relative(testDirectory, path)).replace(/\.ts$/, '.js');
    if (done.has(path)) return output;
    done.add(path);
    if (!isUnderTest(path) || !path.endsWith('.ts')) throw new Error(`not a .ts file under test/: ${path}`);
    const text = await readFile(path, 'utf8');
    const { outputText } = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      transformers: { before: [sourceUrlTransformer(pathToFileURL(path).href), importRelocator(source, output)] },
    });
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, outputText);
    // Relative imports under test/ name the .js of a sibling .ts ("./newcArchive.js"): transpile those too.
    for (const { fileName } of ts.preProcessFile(text, true, false).importedFiles) {
      if (!fileName.startsWith('.') || !fileName.endsWith('.js')) continue;
      const imported = new URL(fileName.replace(/\.js$/, '.ts'), source);
      if (isUnderTest(fileURLToPath(imported))) await transpile(imported);
    }
    return output;
  };
  const outputs = [];
  for (const source of sources) outputs.push(await transpile(source));
  return outputs;
}
