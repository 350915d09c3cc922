import java.io.File;
import java.util.Map;
import java.util.TreeMap;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.Rule;
import org.verapdf.pdfa.validation.profiles.RuleId;

/**
 * Validates PDF files against veraPDF's PDF/UA-1 profile, in one JVM.
 * For each file argument it prints "FILE\tpath\tcompliant|failed", then one line per failed
 * rule: "RULE\tclause-test\tfailed checks\tdescription".
 */
public final class VeraPdfUa {
    private VeraPdfUa() {
    }

    public static void main(String[] args) throws Exception {
        VeraGreenfieldFoundryProvider.initialise();
        PDFAFlavour flavour = PDFAFlavour.PDFUA_1;
        for (String path : args) {
            try (PDFAParser parser = Foundries.defaultInstance().createParser(new File(path), flavour)) {
                PDFAValidator validator = Foundries.defaultInstance().createValidator(flavour, false);
                if (validator.getProfile().getRules().isEmpty()) {
                    throw new IllegalStateException("the PDF/UA-1 profile did not load (is JAXB on the class path?)");
                }
                ValidationResult result = validator.validate(parser);
                System.out.println("FILE\t" + path + "\t" + (result.isCompliant() ? "compliant" : "failed"));
                Map<String, String> lines = new TreeMap<>();
                for (Map.Entry<RuleId, Integer> failed : result.getFailedChecks().entrySet()) {
                    RuleId id = failed.getKey();
                    Rule rule = validator.getProfile().getRuleByRuleId(id);
                    String description = rule == null ? "" : rule.getDescription().replaceAll("\\s+", " ");
                    String name = id.getClause() + "-" + id.getTestNumber();
                    lines.put(name, "RULE\t" + name + "\t" + failed.getValue() + "\t" + description);
                }
                lines.values().forEach(System.out::println);
            }
        }
    }
}
