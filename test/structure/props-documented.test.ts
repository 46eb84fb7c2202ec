import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

/**
 * Every prop documented, every optional one with `@default` (as aws-cdk-lib's constructs do), and
 * constructs take aws-cdk-lib's interfaces (`eks.ICluster`, `kms.IKey`) rather than its classes,
 * unless the prop's comment says why the class is needed, naming the interface it does not take.
 * Read with the TypeScript compiler over lib/: the props interfaces are every exported interface
 * whose name ends in `Props` or `Options`, and every interface or object type declared under lib/
 * that an exported class's constructor or an exported function takes as a parameter; then,
 * followed through the types of their properties, every such type that they hold (the
 * configuration, the names, a tenant's settings, an add-on pin). Properties declared outside lib/
 * (StackProps) are aws-cdk-lib's to document.
 */
const ROOT = join(__dirname, '..', '..');

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * The project's options, but only the files under the folder: their imports of each other
 * resolve, aws-cdk-lib's types do not load (a props type of theirs is not ours to document), and
 * the check takes a second rather than the compiler's full minute.
 */
function compilerOptions(): ts.CompilerOptions {
  const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  return { ...ts.parseJsonConfigFileContent(config, ts.sys, ROOT).options, noEmit: true, noResolve: true, types: [] };
}

const moduleDeclarations = new Map<string, string>();
/** Whether the aws-cdk-lib module (e.g. `aws-cdk-lib/aws-kms`) declares the interface `name`. */
function declaresInterface(specifier: string, name: string): boolean {
  let text = moduleDeclarations.get(specifier);
  if (text === undefined) {
    const dir = join(ROOT, 'node_modules', specifier);
    text = readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
      .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
      .join('\n');
    moduleDeclarations.set(specifier, text);
  }
  return new RegExp(`export interface ${name}\\b`).test(text);
}

/** For a prop typed `kms.Key` (or a list of them), `kms.IKey` when the aws-cdk-lib module imported as `kms` declares it. */
function interfaceOfClass(typeNode: ts.TypeNode | undefined): string | undefined {
  let node = typeNode;
  while (node && (ts.isTypeOperatorNode(node) || ts.isArrayTypeNode(node))) node = ts.isArrayTypeNode(node) ? node.elementType : node.type;
  if (!node || !ts.isTypeReferenceNode(node) || !ts.isQualifiedName(node.typeName) || !ts.isIdentifier(node.typeName.left)) return;
  const [alias, name] = [node.typeName.left.text, node.typeName.right.text];
  const namespaceImport = node
    .getSourceFile()
    .statements.filter(ts.isImportDeclaration)
    .find((i) => {
      const bindings = i.importClause?.namedBindings;
      return bindings !== undefined && ts.isNamespaceImport(bindings) && bindings.name.text === alias;
    });
  const specifier = namespaceImport && (namespaceImport.moduleSpecifier as ts.StringLiteral).text;
  if (!specifier?.startsWith('aws-cdk-lib/') || name.startsWith('I')) return;
  return declaresInterface(specifier, `I${name}`) ? `${alias}.I${name}` : undefined;
}

const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/**
 * The properties of the props types found in `dir` that lack a doc comment, or an `@default` when
 * optional, or take an aws-cdk-lib class where its interface exists without saying why.
 */
function propsFindings(dir: string): string[] {
  const program = ts.createProgram(typeScriptFiles(dir), compilerOptions());
  const checker = program.getTypeChecker();
  const inDir = (node: ts.Node) => !relative(dir, node.getSourceFile().fileName).startsWith('..');
  const sourceFiles = program.getSourceFiles().filter((file) => !file.isDeclarationFile && inDir(file));

  const roots: ts.Type[] = [];
  const propsParameter = (parameter: ts.ParameterDeclaration) => roots.push(checker.getTypeAtLocation(parameter));
  for (const file of sourceFiles) {
    ts.forEachChild(file, function visit(node) {
      if (ts.isInterfaceDeclaration(node) && isExported(node) && /(Props|Options)$/.test(node.name.text)) {
        roots.push(checker.getTypeAtLocation(node.name));
      } else if (ts.isFunctionDeclaration(node) && isExported(node)) {
        node.parameters.forEach(propsParameter);
      } else if (ts.isClassDeclaration(node) && isExported(node)) {
        node.members.filter(ts.isConstructorDeclaration).forEach((c) => c.parameters.forEach(propsParameter));
      }
      ts.forEachChild(node, visit);
    });
  }

  const findings = new Set<string>();
  const seen = new Set<ts.Type>();
  /** Interfaces and object literal types declared in `dir`, also inside arrays, unions and records. */
  const follow = (type: ts.Type) => {
    if (seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) return type.types.forEach(follow);
    // Array<T>, Readonly<T>, Record<K, T> and aliases of them: what they hold.
    for (const argument of [...(checker.getTypeArguments(type as ts.TypeReference) ?? []), ...(type.aliasTypeArguments ?? [])]) {
      follow(argument);
    }
    const index = type.getStringIndexType();
    if (index) follow(index);
    const declarations = type.getSymbol()?.getDeclarations() ?? [];
    const declaredHere = declarations.some((d) => (ts.isInterfaceDeclaration(d) || ts.isTypeLiteralNode(d)) && inDir(d));
    if (!declaredHere) return;
    const owner = type.getSymbol()?.getName() === '__type' ? 'an object type' : checker.typeToString(type);
    for (const property of checker.getPropertiesOfType(type)) {
      const declaration = property.getDeclarations()?.[0];
      if (!declaration || !inDir(declaration)) continue;
      const where = `${relative(ROOT, declaration.getSourceFile().fileName).split(sep).join('/')}: ${owner}.${property.getName()}`;
      const doc = ts.displayPartsToString(property.getDocumentationComment(checker)).trim();
      if (doc === '') findings.add(`${where} has no doc comment`);
      const notTaken = ts.isPropertySignature(declaration) ? interfaceOfClass(declaration.type) : undefined;
      if (notTaken && !doc.includes(notTaken)) {
        findings.add(`${where} takes a class where ${notTaken} exists; its comment does not say why not ${notTaken}`);
      }
      const optional = (property.getFlags() & ts.SymbolFlags.Optional) !== 0;
      if (optional && !property.getJsDocTags(checker).some((tag) => tag.name === 'default')) {
        findings.add(`${where} is optional without @default`);
      }
      follow(checker.getTypeOfSymbolAtLocation(property, declaration));
    }
  };
  roots.forEach(follow);
  return [...findings].sort();
}

describe('props are documented, optional ones with @default; constructs take interfaces', () => {
  test('the check finds an undocumented prop, an optional one without @default and an unexplained class', () => {
    const dir = mkdtempSync(join(tmpdir(), 'props-documented-'));
    writeFileSync(
      join(dir, 'widget.ts'),
      [
        "import * as ec2 from 'aws-cdk-lib/aws-ec2';",
        "import * as kms from 'aws-cdk-lib/aws-kms';",
        'export interface WidgetSettings {',
        '  readonly colour: string;',
        '}',
        'export interface WidgetProps {',
        "  /** The widget's name. */",
        '  readonly name: string;',
        '  readonly size: number;',
        '  /** How many. */',
        '  readonly count?: number;',
        '  /**',
        '   * How tall.',
        '   * @default 3',
        '   */',
        '  readonly height?: number;',
        '  /** Its settings. */',
        '  readonly settings: readonly WidgetSettings[];',
        '  /** Encrypts it. */',
        '  readonly key: kms.Key;',
        '  /** Its subnets. */',
        '  readonly subnets: readonly ec2.Subnet[];',
        '  /** The VPC. The class rather than ec2.IVpc: it reads what only the class has. */',
        '  readonly vpc: ec2.Vpc;',
        '  /** Encrypts the rest. */',
        '  readonly otherKey: kms.IKey;',
        '}',
        'export class Widget {',
        '  constructor(props: { readonly label: string }) {',
        '    void props;',
        '  }',
        '}',
      ].join('\n'),
    );
    const file = relative(ROOT, join(dir, 'widget.ts')).split(sep).join('/');
    expect(propsFindings(dir)).toEqual([
      `${file}: WidgetProps.count is optional without @default`,
      `${file}: WidgetProps.key takes a class where kms.IKey exists; its comment does not say why not kms.IKey`,
      `${file}: WidgetProps.size has no doc comment`,
      `${file}: WidgetProps.subnets takes a class where ec2.ISubnet exists; its comment does not say why not ec2.ISubnet`,
      `${file}: WidgetSettings.colour has no doc comment`,
      `${file}: an object type.label has no doc comment`,
    ]);
  });

  test('lib/: every prop has a doc comment, every optional prop a @default, every class prop a reason', () => {
    expect(propsFindings(join(ROOT, 'lib'))).toEqual([]);
  }, 60_000);
});
